-- The karbon_sandbox schema itself is created by Flyway (quarkus.flyway.schemas); its tables arrive with issue #4.
SELECT 1;
