ALTER TABLE `sar_filings` ADD `approval_statement` text;--> statement-breakpoint
ALTER TABLE `sar_filings` ADD `approval_signature` text;