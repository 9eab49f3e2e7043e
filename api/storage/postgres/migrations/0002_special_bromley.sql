CREATE TABLE "rate_limits" (
	"bucket" text PRIMARY KEY NOT NULL,
	"window_ends" timestamp with time zone NOT NULL,
	"hits" integer NOT NULL
);
