package io.xpmsync.client.xpm;

import com.sun.net.httpserver.HttpServer;
import io.xpmsync.client.xpm.model.XpmException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole practice's list, streamed from a server on 127.0.0.1 that answers as a slow or broken XPM would: clients
 * are handed over as they arrive, and an answer that stops arriving is abandoned and read again rather than waited
 * for forever.
 */
class XpmStreamedListTest {

    private static final String HEAD = "<Response api-method=\"List\"><Status>OK</Status><Clients>";
    private static final String TAIL = "</Clients></Response>";

    private HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean stallFirst;
    private volatile boolean compress;
    private final List<String> acceptEncodings = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/practicemanager/3.1/client.api/list", exchange -> {
            boolean stall = stallFirst && calls.incrementAndGet() == 1;
            String accepted = exchange.getRequestHeaders().getFirst("Accept-Encoding");
            acceptEncodings.add(String.valueOf(accepted));
            boolean gzip = compress && accepted != null && accepted.contains("gzip");
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            if (gzip) {
                exchange.getResponseHeaders().add("Content-Encoding", "gzip");
            }
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = gzip ? new java.util.zip.GZIPOutputStream(exchange.getResponseBody(), true)
                    : exchange.getResponseBody()) {
                out.write((HEAD + client(1) + client(2)).getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (stall) {
                    Thread.sleep(10_000); // stops arriving, connection open
                }
                out.write((client(3) + TAIL).getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the client gave up on this answer
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void clientsAreHandedOverAsTheyArriveAndAnAnswerThatStallsIsReadAgain() {
        stallFirst = true;
        List<String> seen = new ArrayList<>();

        api(Duration.ofSeconds(2)).streamClients("firm", null, c -> seen.add(c.name()));

        assertThat(calls).hasValue(2);
        assertThat(seen).as("the first two again, as the stalled answer was read again")
                .containsExactly("Client 1", "Client 2", "Client 1", "Client 2", "Client 3");
        assertThat(Thread.currentThread().isInterrupted()).as("the watch's interrupt stays inside").isFalse();
    }

    @Test
    void theListIsAskedForCompressedAndUnzippedAsItArrivesEvenWhenItStalls() {
        compress = true;
        stallFirst = true;
        List<String> seen = new ArrayList<>();

        api(Duration.ofSeconds(2)).streamClients("firm", null, c -> seen.add(c.name()));

        assertThat(acceptEncodings).allMatch(a -> a.contains("gzip"));
        assertThat(seen).containsExactly("Client 1", "Client 2", "Client 1", "Client 2", "Client 3");
    }

    @Test
    void timeSpentHandingClientsOverIsNotAStall() {
        List<String> seen = new ArrayList<>();

        api(Duration.ofSeconds(1)).streamClients("firm", null, c -> {
            seen.add(c.name());
            sleep(1_500);
        });

        assertThat(seen).containsExactly("Client 1", "Client 2", "Client 3");
    }

    @Test
    void anAnswerThatAlwaysStallsFailsSayingSo() {
        stallFirst = true;
        XpmApi api = new XpmApi(new XpmApiConfig(base(), 1, Duration.ofMillis(10), Duration.ofSeconds(2),
                Duration.ofMinutes(1)), tokens(), XpmCallBudget.share(1), Duration.ofSeconds(5));

        assertThatThrownBy(() -> api.streamClients("firm", null, c -> { }))
                .isInstanceOf(XpmException.class).hasMessageContaining("stopped arriving for 2 s")
                .matches(e -> ((XpmException) e).retryable());
    }

    private XpmApi api(Duration requestTimeout) {
        return new XpmApi(new XpmApiConfig(base(), 3, Duration.ofMillis(10), requestTimeout, Duration.ofMinutes(1)),
                tokens(), XpmCallBudget.share(1), Duration.ofSeconds(5));
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/practicemanager/3.1/");
    }

    private static XpmTokenSource tokens() {
        XpmAccess access = new XpmAccess("token", "5c1e3d9a-0000-4000-8000-000000000009");
        return new XpmTokenSource() {
            @Override
            public XpmAccess current(String firmId) {
                return access;
            }

            @Override
            public XpmAccess afterRejected(String firmId, XpmAccess rejected) {
                return access;
            }
        };
    }

    private static String client(int n) {
        return "<Client><UUID>5c1e3d9a-0000-4000-8000-00000000000" + n + "</UUID><Name>Client " + n
                + "</Name></Client>";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
