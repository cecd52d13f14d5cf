package org.mmrec4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.mmrec4j.data.ItemTexts;
import org.mmrec4j.data.UserItemIndex;
import org.mmrec4j.data.io.InputFiles;
import org.mmrec4j.serve.RecommendServer.ClientError;
import org.mmrec4j.train.RunFolder;

/**
 * The browser explorer of a run: a page (HTML, script and style shipped in this jar, no build step) that
 * shows a user's training items next to the model's top-K, each item's similar items, the run's plots and
 * metrics. The page reads {@code /recommend} and {@code /similar} like any client, plus the JSON endpoints
 * here:
 *
 * <pre>
 *   GET /run                          model, best epoch, counts, metrics.json, plot names, where item texts came from
 *   GET /users?q=TEXT&amp;limit=50        user ids containing TEXT (case-insensitive), in index order
 *   GET /history?user=ID              the user's training items, with titles
 *   GET /item?id=ID                   one item: title, description, number of training users
 *   GET /plots/NAME.png               a PNG of the run folder's plots/ (only names listed when the server started)
 *   GET /, /explorer.js, /explorer.css   the page
 * </pre>
 *
 * <p>The token rule: the three page files are the same bytes for everyone and hold no data, so they are
 * served without the bearer token (a browser cannot attach one to a typed URL); every other path, plots and
 * all JSON included, needs it as before. The page asks for the token when the server answers 401 and sends it
 * as {@code Authorization: Bearer} on its requests; it keeps it in the tab's sessionStorage only.
 *
 * <p>Everything is read once at start: a later report does not appear until the server restarts.
 */
public final class Explorer {
    /** Metric buckets of the explorer's paths, next to the API's in /metrics. */
    static final List<String> ENDPOINTS = List.of("/run", "/users", "/history", "/item", "/plots", "/");
    public static final int DEFAULT_USER_LIMIT = 50, MAX_USER_LIMIT = 1000;
    /** Plot names served: plain file names, so a URL path equals the name and no path can leave plots/. */
    private static final Pattern PLOT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,120}\\.png");
    private static final long MAX_PLOT_BYTES = 8L << 20;
    private static final int MAX_PLOTS = 100;
    /** Scripts only from this server, no inline code, images also from blob: URLs (plots fetched with the token). */
    static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** A file the server answers with as it is. */
    record Asset(String contentType, byte[] bytes) {}

    private final RecommendationIndex index;
    private final ItemTexts texts;
    private final UserItemIndex history;
    private final int[] trainingUsers;
    private final Map<String, Asset> page;
    private final Map<String, Asset> plots;
    private final String runJson;

    private Explorer(RecommendationIndex index, ItemTexts texts, UserItemIndex history, Map<String, Asset> plots, String runJson) {
        this.index = index;
        this.texts = texts;
        this.history = history;
        this.plots = plots;
        this.runJson = runJson;
        this.trainingUsers = new int[index.numItems()];
        for (int u = 0; u < index.numUsers(); u++) {
            for (int j = history.start(u); j < history.end(u); j++) trainingUsers[history.items()[j]]++;
        }
        Map<String, Asset> p = new LinkedHashMap<>();
        p.put("/", new Asset("text/html; charset=utf-8", resource("index.html")));
        p.put("/explorer.js", new Asset("text/javascript; charset=utf-8", resource("explorer.js")));
        p.put("/explorer.css", new Asset("text/css; charset=utf-8", resource("explorer.css")));
        this.page = Collections.unmodifiableMap(p);
    }

    /**
     * The explorer of a loaded run: item texts from the dataset folder ({@link ItemTexts}), metrics.json and
     * the PNGs of plots/ from the run folder. The dataset folder is the one the model was loaded from.
     */
    public static Explorer load(TrainedModel trained, RecommendationIndex index) {
        ItemTexts texts = ItemTexts.load(trained.dataDir(), index.numItems(), trained.data().itemIds().orElse(null));
        Map<String, Asset> plots = plots(trained.runDir().resolve("plots"));
        JsonNode metrics = RunFolder.open(trained.runDir()).readMetricsAsWritten();
        StringBuilder sb = new StringBuilder("{\"model\":").append(RecommendServer.str(index.modelName()))
                .append(",\"best_epoch\":").append(trained.bestEpoch())
                .append(",\"users\":").append(index.numUsers()).append(",\"items\":").append(index.numItems())
                .append(",\"similar_items\":").append(index.hasEmbeddings())
                .append(",\"item_text\":").append(texts.source() == null ? "null" : RecommendServer.str(texts.source()))
                .append(",\"metrics\":").append(metrics == null ? "null" : metrics.toString()).append(",\"plots\":[");
        boolean first = true;
        for (String name : plots.keySet()) {
            sb.append(first ? "" : ",").append(RecommendServer.str(name));
            first = false;
        }
        String runJson = sb.append("]}").toString();
        return new Explorer(index, texts, trained.data().train().byUser(index.numUsers()), plots, runJson);
    }

    /** Where item texts came from, for the start-up line; null when there are none. */
    public String itemTextSource() {
        return texts.source();
    }

    public int plotCount() {
        return plots.size();
    }

    /** True for the page's own files, which need no token. */
    boolean isPage(String path) {
        return page.containsKey(path);
    }

    /** The /metrics bucket of a path this explorer answers, or null. */
    static String bucket(String path) {
        if (path.startsWith("/plots/")) return "/plots";
        return switch (path) {
            case "/run", "/users", "/history", "/item" -> path;
            case "/", "/explorer.js", "/explorer.css" -> "/";
            default -> null;
        };
    }

    /** A page file or plot for path, or null when path is neither. */
    Asset asset(String path) {
        Asset a = page.get(path);
        if (a != null) return a;
        if (path.startsWith("/plots/")) {
            a = plots.get(path.substring(7));
            if (a == null) throw new ClientError(404, "no plot " + RecommendServer.truncate(path.substring(7)) + "; GET /run lists them");
        }
        return a;
    }

    /** The JSON answer of an explorer endpoint, or null when path is not one. */
    String route(String path, Map<String, String> q) {
        return switch (path) {
            case "/run" -> {
                if (!q.isEmpty()) throw new ClientError(400, "/run takes no parameters");
                yield runJson;
            }
            case "/users" -> users(q);
            case "/history" -> history(q);
            case "/item" -> item(q);
            default -> null;
        };
    }

    private String users(Map<String, String> q) {
        RecommendServer.allowOnly(q, "q", "limit");
        String needle = q.getOrDefault("q", "").strip().toLowerCase(Locale.ROOT);
        int limit = DEFAULT_USER_LIMIT;
        String l = q.get("limit");
        if (l != null) {
            if (l.isEmpty() || l.length() > 9 || !l.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new ClientError(400, "limit must be an integer from 1 to " + MAX_USER_LIMIT + ", got " + RecommendServer.truncate(l));
            }
            limit = Integer.parseInt(l);
            if (limit < 1 || limit > MAX_USER_LIMIT) throw new ClientError(400, "limit must be an integer from 1 to " + MAX_USER_LIMIT + ", got " + l);
        }
        StringBuilder ids = new StringBuilder();
        int matches = 0;
        for (int u = 0; u < index.numUsers(); u++) {
            String id = index.userId(u);
            if (!needle.isEmpty() && !id.toLowerCase(Locale.ROOT).contains(needle)) continue;
            if (matches++ < limit) ids.append(ids.length() == 0 ? "" : ",").append(RecommendServer.str(id));
        }
        return "{\"users\":" + index.numUsers() + ",\"matches\":" + matches + ",\"ids\":[" + ids + "]}";
    }

    private String history(Map<String, String> q) {
        RecommendServer.allowOnly(q, "user");
        String userId = RecommendServer.required(q, "user");
        int user = index.userIndex(userId);
        if (user < 0) throw new ClientError(404, "unknown user " + RecommendServer.truncate(userId));
        StringBuilder sb = new StringBuilder("{\"user\":").append(RecommendServer.str(userId)).append(",\"items\":[");
        for (int j = history.start(user); j < history.end(user); j++) {
            if (j > history.start(user)) sb.append(',');
            describe(sb, history.items()[j]);
        }
        return sb.append("]}").toString();
    }

    private String item(Map<String, String> q) {
        RecommendServer.allowOnly(q, "id");
        String itemId = RecommendServer.required(q, "id");
        int item = index.itemIndex(itemId);
        if (item < 0) throw new ClientError(404, "unknown item " + RecommendServer.truncate(itemId));
        StringBuilder sb = new StringBuilder();
        describe(sb, item);
        return sb.toString();
    }

    /** {"id", "title", "description", "training_users"}; title and description only where the item has them. */
    private void describe(StringBuilder sb, int item) {
        sb.append("{\"id\":").append(RecommendServer.str(index.itemId(item)));
        if (texts.title(item) != null) sb.append(",\"title\":").append(RecommendServer.str(texts.title(item)));
        if (texts.description(item) != null) sb.append(",\"description\":").append(RecommendServer.str(texts.description(item)));
        sb.append(",\"training_users\":").append(trainingUsers[item]).append('}');
    }

    /** The PNGs directly in dir (no links, plain names, bounded sizes), by name; none when dir is absent. */
    static Map<String, Asset> plots(Path dir) {
        Map<String, Asset> out = new TreeMap<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return out;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!PLOT_NAME.matcher(name).matches() || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) continue;
                if (Files.size(f) > MAX_PLOT_BYTES || out.size() >= MAX_PLOTS) continue;
                out.put(name, new Asset("image/png", Files.readAllBytes(f)));
            }
        } catch (IOException e) {
            throw InputFiles.failure(dir, "cannot read the run's plots", e);
        }
        return Collections.unmodifiableMap(out);
    }

    private static byte[] resource(String name) {
        try (InputStream in = Explorer.class.getResourceAsStream("explorer/" + name)) {
            if (in == null) throw new IllegalStateException("the serve jar lacks explorer/" + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read explorer/" + name + " from the serve jar", e);
        }
    }
}
