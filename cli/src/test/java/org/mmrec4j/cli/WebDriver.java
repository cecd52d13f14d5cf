package org.mmrec4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The few W3C WebDriver commands the explorer test needs, over the JDK's HTTP client: chromedriver drives a
 * headless Chromium started with a fresh profile and no network services (the closed network here makes
 * Chromium's background fetches fail).
 */
final class WebDriver implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium"), CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** W3C's key for an element reference in JSON. */
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process driver;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String session;

    WebDriver(Path profile) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port).redirectErrorStream(true)
                .redirectOutput(profile.resolveSibling("chromedriver.log").toFile()).start();
        base = "http://127.0.0.1:" + port;
        try {
            session = startBrowser(profile);
        } catch (Exception | AssertionError e) {
            driver.destroy();
            throw e;
        }
    }

    private String startBrowser(Path profile) throws IOException {
        waitUntil(Duration.ofSeconds(20), "chromedriver did not start", () -> {
            try {
                return call("GET", "/status", null).path("ready").asBoolean();
            } catch (IOException e) {
                return false;
            }
        });
        ObjectNode caps = JSON.createObjectNode();
        ObjectNode chrome = caps.putObject("capabilities").putObject("alwaysMatch").put("browserName", "chrome").putObject("goog:chromeOptions");
        chrome.put("binary", CHROMIUM.toString());
        var args = chrome.putArray("args");
        for (String a : List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile)) {
            args.add(a);
        }
        return call("POST", "/session", caps).get("sessionId").asText();
    }

    void open(String url) throws IOException {
        command("POST", "/url", JSON.createObjectNode().put("url", url));
    }

    /** Element references matching a CSS selector (none is not an error). */
    List<String> find(String css) throws IOException {
        JsonNode found = command("POST", "/elements", JSON.createObjectNode().put("using", "css selector").put("value", css));
        List<String> out = new ArrayList<>();
        found.forEach(e -> out.add(e.get(ELEMENT).asText()));
        return out;
    }

    String one(String css) throws IOException {
        List<String> all = find(css);
        if (all.size() != 1) throw new AssertionError(all.size() + " elements match " + css);
        return all.get(0);
    }

    void click(String element) throws IOException {
        command("POST", "/element/" + element + "/click", JSON.createObjectNode());
    }

    void type(String element, String text) throws IOException {
        command("POST", "/element/" + element + "/value", JSON.createObjectNode().put("text", text));
    }

    String text(String element) throws IOException {
        return command("GET", "/element/" + element + "/text", null).asText();
    }

    /** Runs a script in the page; its return value as JSON. */
    JsonNode script(String body) throws IOException {
        ObjectNode req = JSON.createObjectNode().put("script", body);
        req.putArray("args");
        return command("POST", "/execute/sync", req);
    }

    byte[] screenshot() throws IOException {
        return Base64.getDecoder().decode(command("GET", "/screenshot", null).asText());
    }

    /** Polls until the condition holds; a page renders asynchronously, so the test waits for what it reads. */
    static void waitUntil(Duration limit, String what, BooleanSupplier condition) {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError(what + " within " + limit.toSeconds() + " s");
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting: " + what);
            }
        }
    }

    private JsonNode command(String method, String path, JsonNode body) throws IOException {
        return call(method, "/session/" + session + path, body);
    }

    /** One WebDriver request; returns its "value", or throws with the driver's error message. */
    private JsonNode call(String method, String path, JsonNode body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) b.header("Content-Type", "application/json; charset=utf-8");
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        JsonNode value = JSON.readTree(r.body()).path("value");
        if (r.statusCode() != 200) throw new AssertionError("WebDriver " + method + " " + path + ": " + value.path("message").asText(r.body()));
        return value;
    }

    @Override
    public void close() {
        try {
            call("DELETE", "/session/" + session, null);
        } catch (IOException | AssertionError e) {
            // the browser may already be gone; the driver is stopped below either way
        } finally {
            driver.destroy();
        }
    }
}
