CREATE TABLE "prompt_library_seeds" (
	"key" text PRIMARY KEY NOT NULL,
	"prompt_id" uuid,
	"seeded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "prompt_library_seeds" ADD CONSTRAINT "prompt_library_seeds_prompt_id_saved_prompts_id_fk" FOREIGN KEY ("prompt_id") REFERENCES "public"."saved_prompts"("id") ON DELETE set null ON UPDATE no action;