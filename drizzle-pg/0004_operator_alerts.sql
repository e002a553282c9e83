CREATE TABLE "operator_alerts" (
	"key" text PRIMARY KEY NOT NULL,
	"sent_at" bigint NOT NULL
);
