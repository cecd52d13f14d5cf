package org.mmrec4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small HTTP/1.1 client for the server tests. */
final class Http {
    record Response(int status, String body) {
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Duration timeout;
    private final String token;

    Http(int port) {
        this(port, 20);
    }

    Http(int port, int timeoutSeconds) {
        this(port, timeoutSeconds, null);
    }

    /** A client that sends {@code Authorization: Bearer token} (none when token is null). */
    Http(int port, int timeoutSeconds, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.timeout = Duration.ofSeconds(timeoutSeconds);
        this.token = token;
    }

    Response get(String pathAndQuery) {
        return send("GET", pathAndQuery, null);
    }

    Response post(String path, String body) {
        return send("POST", path, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One request over a plain socket, bytes as given: for request lines no client library would send.
     * Reads the whole response (Connection: close).
     */
    Response raw(String method, byte[] target, byte[] body) {
        int port = Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            var out = new java.io.ByteArrayOutputStream();
            out.write((method + " ").getBytes(StandardCharsets.ISO_8859_1));
            out.write(target);
            out.write(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) out.write(("Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) out.write(body);
            s.getOutputStream().write(out.toByteArray());
            s.getOutputStream().flush();
            byte[] all = s.getInputStream().readAllBytes();
            String text = new String(all, StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            int split = text.indexOf("\r\n\r\n");
            return new Response(status, split < 0 ? "" : text.substring(split + 4));
        } catch (java.io.IOException e) {
            throw new AssertionError(method + " failed: " + e, e);
        }
    }

    Response send(String method, String pathAndQuery, byte[] body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            if (body != null) b.header("Content-Type", "application/json");
            if (token != null) b.header("Authorization", "Bearer " + token);
            HttpRequest request = b.build();
            HttpResponse<String> resp;
            try {
                resp = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                // The JDK client reuses pooled keep-alive connections; one the server closed a moment earlier (after a
                // response with Connection: close) fails with "received no bytes" before anything was sent to the
                // handler. Browsers retry such a request once on a new connection; so does this test client.
                if (!String.valueOf(e.getMessage()).contains("received no bytes")) throw e;
                resp = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            }
            return new Response(resp.statusCode(), resp.body());
        } catch (Exception e) {
            throw new AssertionError(method + " " + pathAndQuery + " failed: " + e, e);
        }
    }
}
