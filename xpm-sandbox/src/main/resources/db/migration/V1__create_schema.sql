-- The xpm_sandbox schema itself is created by Flyway (quarkus.flyway.schemas); its tables arrive with issue #3.
SELECT 1;
