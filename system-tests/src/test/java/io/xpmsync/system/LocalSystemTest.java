package io.xpmsync.system;

import io.xpmsync.infra.LocalSystem;
import io.xpmsync.infra.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local run, as the README's run command starts it: every service in its own JVM on real Kafka and PostgreSQL.
 * Free ports and a temporary data folder, so it never collides with a local run on the fixed ports.
 */
@ExtendWith(RunningSystem.class)
class LocalSystemTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void every_service_and_sandbox_is_ready_with_its_database_and_kafka() throws Exception {
        LocalSystem system = RunningSystem.system();
        assertThat(system.services()).extracting(ServiceProcess::name)
                .containsExactlyElementsOf(LocalSystem.SERVICES.keySet());
        for (ServiceProcess service : system.services()) {
            HttpResponse<String> ready = get(service.managementUrl() + "/q/health/ready");

            assertThat(ready.statusCode()).as(service.name()).isEqualTo(200);
            assertThat(ready.body()).as(service.name()).contains("\"status\": \"UP\"");
            if (!service.name().equals("console")) {
                assertThat(ready.body()).as(service.name() + " (the console keeps no data)")
                        .contains("Database connections health check");
            }
            if (!service.name().equals("xpm-sandbox")) {
                assertThat(ready.body()).as(service.name()).contains("Kafka connection health check");
            }
        }
    }

    @Test
    void every_service_serves_its_openapi_document_and_no_api_explorer_outside_dev_mode() throws Exception {
        for (ServiceProcess service : RunningSystem.system().services()) {
            HttpResponse<String> openapi = get(service.managementUrl() + "/q/openapi?format=json");
            assertThat(openapi.statusCode()).as(service.name()).isEqualTo(200);
            assertThat(openapi.body()).as(service.name()).contains("\"title\" : \"xpm-sync " + service.name() + "\"");

            assertThat(get(service.managementUrl() + "/q/swagger-ui/").statusCode()).as(service.name()).isEqualTo(404);
            assertThat(get(service.baseUrl() + "/q/swagger-ui/").statusCode()).as(service.name()).isEqualTo(404);
        }
    }

    @Test
    void each_service_has_its_own_schema_in_the_one_database() throws Exception {
        try (var c = java.sql.DriverManager.getConnection(RunningSystem.system().jdbcUrl(), "postgres", "postgres");
             var rs = c.createStatement().executeQuery(
                     "SELECT schema_name FROM information_schema.schemata ORDER BY schema_name")) {
            java.util.List<String> schemas = new java.util.ArrayList<>();
            while (rs.next()) {
                schemas.add(rs.getString(1));
            }
            assertThat(schemas).contains("connector", "matching", "mapping", "push", "xpm_sandbox", "karbon_sandbox");
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
