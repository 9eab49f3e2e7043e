import { describe, expect, it } from 'vitest';
import { spreadLabels } from './chart.ts';

describe('spreadLabels: the line chart names its lines at their ends without overlap', () => {
  it('leaves labels that are far enough apart where they are', () => {
    expect(spreadLabels([40, 120], 22, 16, 240)).toEqual([40, 120]);
  });

  it('moves labels on the same height apart, the lower one down, in the order given', () => {
    // Median and 90th percentile both 30 days at the last month: one label on the other.
    expect(spreadLabels([100, 100], 22, 16, 240)).toEqual([100, 122]);
    expect(spreadLabels([105, 100], 22, 16, 240)).toEqual([122, 100]);
  });

  it('pushes a group back up at the bottom and down at the top', () => {
    expect(spreadLabels([235, 240], 22, 16, 240)).toEqual([218, 240]);
    expect(spreadLabels([10, 12, 14], 22, 16, 240)).toEqual([16, 38, 60]);
  });
});
