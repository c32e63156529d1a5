package io.xpmsync.infra.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * A POST whose body is never sent whole, over a plain socket: the head (a large {@code Content-Length}, or chunked) and
 * the first bytes of the body, then the answer, if one comes within the timeout. A server that reads the whole body
 * before it answers gives no answer here; one that refuses the body as too large answers at once.
 */
public final class UnfinishedUpload {

    /** The answer: its status (0 when none came in time), its body, and how long after the first byte it came. */
    public record Answer(int status, String body, Duration after) {
    }

    private UnfinishedUpload() {
    }

    /** Declares {@code declaredLength} bytes of body and sends only the first {@code sent}. */
    public static Answer declared(URI url, long declaredLength, int sent, Duration timeout) throws IOException {
        try (Socket socket = open(url, timeout)) {
            long start = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            out.write(head(url, "Content-Length: " + declaredLength));
            out.write(filler(sent));
            out.flush();
            return answer(socket, start);
        }
    }

    /**
     * Sends a chunked body of 1 KiB chunks, {@code sent} bytes in all, and never its last chunk; a server that stops
     * reading (or closes the connection) ends the sending.
     */
    public static Answer chunked(URI url, int sent, Duration timeout) throws IOException {
        try (Socket socket = open(url, timeout)) {
            long start = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            out.write(head(url, "Transfer-Encoding: chunked"));
            byte[] chunk = filler(1024);
            try {
                for (int written = 0; written < sent; written += chunk.length) {
                    out.write("400\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException refused) {
                // the server closed the connection after its answer: read what it said
            }
            return answer(socket, start);
        }
    }

    private static Socket open(URI url, Duration timeout) throws IOException {
        Socket socket = new Socket(url.getHost(), url.getPort());
        socket.setSoTimeout((int) timeout.toMillis());
        return socket;
    }

    private static byte[] head(URI url, String length) {
        return ("POST " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                + "\r\nContent-Type: application/json\r\n" + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] filler(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) ' ');
        return bytes;
    }

    private static Answer answer(Socket socket, long start) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try {
            byte[] buffer = new byte[4096];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                received.write(buffer, 0, n);
                if (complete(received.toString(StandardCharsets.ISO_8859_1))) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            if (received.size() == 0) {
                return new Answer(0, "", Duration.ofNanos(System.nanoTime() - start));
            }
        } catch (IOException reset) {
            if (received.size() == 0) {
                throw reset;
            }
        }
        Duration after = Duration.ofNanos(System.nanoTime() - start);
        String text = received.toString(StandardCharsets.UTF_8);
        int status = Integer.parseInt(text.substring(9, 12));
        int bodyStart = text.indexOf("\r\n\r\n");
        return new Answer(status, bodyStart < 0 ? "" : text.substring(bodyStart + 4), after);
    }

    /** Whether the head and as much body as it declares have come. */
    private static boolean complete(String received) {
        int end = received.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        for (String line : received.substring(0, end).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return received.length() - end - 4 >= Integer.parseInt(line.substring(15).strip());
            }
        }
        return false;
    }
}
