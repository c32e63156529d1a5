package io.xpmsync.client.xpm;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;

/**
 * An answer's body as XPM meant it: unzipped when XPM compressed it ({@code Content-Encoding: gzip}, asked for with
 * {@code Accept-Encoding}), as it came otherwise. The bytes counted for the practice stay those on the wire (what is
 * billed), since the counting stream is the one unzipped. The gzip header is read at the first read, not here, so a
 * stalled answer is caught by the caller's watch rather than hanging this call.
 */
final class Gzip {

    private Gzip() {
    }

    static InputStream decoded(HttpResponse<?> response, InputStream wire) {
        boolean gzip = response.headers().firstValue("Content-Encoding").map(String::strip)
                .filter("gzip"::equalsIgnoreCase).isPresent();
        return gzip ? new LazyGunzip(wire) : wire;
    }

    private static final class LazyGunzip extends FilterInputStream {

        private final InputStream wire;
        private boolean opened;

        LazyGunzip(InputStream wire) {
            super(wire);
            this.wire = wire;
        }

        private InputStream open() throws IOException {
            if (!opened) {
                in = new GZIPInputStream(wire, 64 * 1024);
                opened = true;
            }
            return in;
        }

        @Override
        public int read() throws IOException {
            return open().read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return open().read(b, off, len);
        }

        @Override
        public long skip(long n) throws IOException {
            return open().skip(n);
        }

        @Override
        public int available() throws IOException {
            return opened ? in.available() : 0;
        }
    }
}
