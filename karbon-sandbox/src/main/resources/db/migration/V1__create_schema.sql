-- The karbon_sandbox schema itself is created by Flyway (quarkus.flyway.schemas); its tables are in V2.
SELECT 1;
