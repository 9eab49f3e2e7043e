/** How both databases keep a status's grid operators in one text column: `,A,B,`. */
export const gridOperatorList = (codes: readonly string[]): string => `,${codes.join(',')},`;
export const keptGridOperators = (column: string): string[] => column.split(',').filter(Boolean);
