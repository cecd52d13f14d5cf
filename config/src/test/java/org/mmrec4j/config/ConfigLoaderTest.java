package org.mmrec4j.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  private static final Layer DEFAULTS = Layer.yaml(String.join("\n",
      "seed: [999]",
      "hyper_parameters: [seed]",
      "embedding_size: 64",
      "learning_rate: 0.001",
      "reg_weight: 0.0",
      "n_layers: 1",
      "epochs: 1000",
      ""), "defaults.yaml");

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void laterLayersOverrideInOrderDefaultsDatasetModelOverridesUserSet() throws IOException {
    Layer dataset = Layer.yaml(String.join("\n",
        "epochs: 500",
        "n_layers: 9",
        "model_overrides:",
        "  LightGCN:",
        "    n_layers: 2",
        "    reg_weight: 1.0e-4",
        "  BM3:",
        "    n_layers: 7",
        ""), "dataset baby.yaml");
    Layer model = Layer.yaml("n_layers: 4\nreg_weight: 0.5\nlearning_rate: 0.01\nembedding_size: 32\n",
        "model LightGCN.yaml");
    Path user = write("user.yaml", "learning_rate: 0.005\nembedding_size: 16\n");

    Config c = ConfigLoader.builder().defaults(DEFAULTS).dataset(dataset).model("LightGCN", model)
        .user(Layer.file(user)).overrides(List.of("embedding_size=8")).load();

    assertThat(c.getInt("epochs")).isEqualTo(500);
    assertThat(c.source("epochs")).isEqualTo("dataset baby.yaml line 1");
    // model_overrides come after the model layer, so they beat the model's own n_layers.
    assertThat(c.getInt("n_layers")).isEqualTo(2);
    assertThat(c.source("n_layers")).isEqualTo("dataset baby.yaml model_overrides.LightGCN line 5");
    assertThat(c.getDouble("reg_weight")).isEqualTo(1e-4);
    assertThat(c.source("reg_weight")).isEqualTo("dataset baby.yaml model_overrides.LightGCN line 6");
    assertThat(c.getDouble("learning_rate")).isEqualTo(0.005);
    assertThat(c.source("learning_rate")).isEqualTo(user + " line 1");
    assertThat(c.getInt("embedding_size")).isEqualTo(8);
    assertThat(c.source("embedding_size")).isEqualTo("--set");
    assertThat(c.source("seed")).isEqualTo("defaults.yaml line 1");
    assertThat(c.keys()).doesNotContain(ConfigLoader.MODEL_OVERRIDES);
  }

  @Test
  void modelOverridesForOtherModelsAreIgnored() {
    Layer dataset = Layer.yaml("model_overrides:\n  BM3:\n    n_layers: 7\n", "dataset baby.yaml");
    Config c = ConfigLoader.builder().defaults(DEFAULTS).dataset(dataset)
        .model("LightGCN", Layer.yaml("n_layers: 3\n", "model LightGCN.yaml")).load();
    assertThat(c.getInt("n_layers")).isEqualTo(3);
  }

  @Test
  void modelOverridesApplyEvenWithoutAModelYaml() {
    Layer dataset = Layer.yaml("model_overrides:\n  VBPR:\n    n_layers: 7\n", "dataset baby.yaml");
    Config c = ConfigLoader.builder().defaults(DEFAULTS).dataset(dataset).model("VBPR", null).load();
    assertThat(c.getInt("n_layers")).isEqualTo(7);
  }

  @Test
  void hyperParametersConcatenateAcrossLayersWithSeedFirst() {
    Layer dataset = Layer.yaml("hyper_parameters: [n_layers]\n", "dataset baby.yaml");
    Layer model = Layer.yaml("hyper_parameters: [reg_weight, n_layers, learning_rate]\n", "model M.yaml");
    Layer user = Layer.yaml("hyper_parameters: [embedding_size, seed]\n", "user.yaml");
    Config c = ConfigLoader.builder().defaults(Layer.yaml("hyper_parameters: [epochs]\nseed: [1]\n", "defaults.yaml"))
        .dataset(dataset).model("M", model).user(user).load();
    assertThat(c.hyperParameters())
        .containsExactly("seed", "epochs", "n_layers", "reg_weight", "learning_rate", "embedding_size");
    assertThat(c.source("hyper_parameters"))
        .isEqualTo("defaults.yaml line 1 + dataset baby.yaml line 1 + model M.yaml line 1 + user.yaml line 1");
  }

  @Test
  void exponentFloatsWithoutADotParseAsDoubles() {
    Config c = ConfigLoader.load(Layer.yaml("a: 1e-4\nb: 1E5\nc: -2e-3\nd: '1e-4'\ne: 3\n", "t.yaml"));
    assertThat(c.get("a")).isEqualTo(1e-4);
    assertThat(c.get("b")).isEqualTo(1e5);
    assertThat(c.get("c")).isEqualTo(-2e-3);
    assertThat(c.get("d")).isEqualTo("1e-4"); // quoting still means a string
    assertThat(c.get("e")).isEqualTo(3);
  }

  @Test
  void setValuesParseAsYamlScalarsAndFlowLists() {
    Config c = ConfigLoader.builder().defaults(Layer.empty()).overrides(List.of(
        "reg_weight=[0.1,0.01]", "learning_rate=1e-4", "epochs=10", "mirror_gradient=false",
        "valid_metric=NDCG@10", "name= spaced value ", "flag=True", "empty=", "sep=a=b",
        "feature_files={image: img.npy}")).load();
    assertThat(c.getDoubleList("reg_weight")).containsExactly(0.1, 0.01);
    assertThat(c.get("learning_rate")).isInstanceOf(Double.class).isEqualTo(1e-4);
    assertThat(c.get("epochs")).isEqualTo(10);
    assertThat(c.getBoolean("mirror_gradient")).isFalse();
    assertThat(c.getString("valid_metric")).isEqualTo("NDCG@10");
    assertThat(c.getString("name")).isEqualTo("spaced value");
    assertThat(c.get("flag")).isEqualTo(Boolean.TRUE);
    assertThat(c.keys()).contains("empty");
    assertThat(c.find("empty")).isEmpty();
    assertThat(c.getString("sep")).isEqualTo("a=b");
    assertThat(c.get("feature_files")).isEqualTo(Map.of("image", "img.npy"));
  }

  @Test
  void laterRepeatOfASetKeyWins() {
    Config c = ConfigLoader.builder().defaults(Layer.empty())
        .overrides(List.of("epochs=1", "epochs=2")).load();
    assertThat(c.getInt("epochs")).isEqualTo(2);
  }

  @Test
  void setWithoutEqualsSignIsAnError() {
    assertThatThrownBy(() -> ConfigLoader.builder().overrides(List.of("epochs")).load())
        .isInstanceOf(ConfigException.class).hasMessageContaining("key=value").hasMessageContaining("\"epochs\"");
  }

  @Test
  void strictModeRejectsUnknownUserKeysWithSuggestion() throws IOException {
    Path user = write("user.yaml", "epochs: 3\n\nreg_wieght: 0.1\n");
    assertThatThrownBy(() -> ConfigLoader.builder().defaults(DEFAULTS).user(Layer.file(user)).strict(true).load())
        .isInstanceOfSatisfying(ConfigException.class, e -> {
          assertThat(e.key()).isEqualTo("reg_wieght");
          assertThat(e.source()).isEqualTo(user + " line 3");
        })
        .hasMessageContaining("unknown key reg_wieght")
        .hasMessageContaining(user + " line 3")
        .hasMessageContaining("did you mean reg_weight?");
  }

  @Test
  void strictModeRejectsUnknownSetKeys() {
    assertThatThrownBy(() -> ConfigLoader.builder().defaults(DEFAULTS)
        .overrides(List.of("learning_rat=0.1")).strict(true).load())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("learning_rat (from --set)")
        .hasMessageContaining("did you mean learning_rate?");
  }

  @Test
  void strictModeAcceptsKeysKnownFromModelOrDatasetLayers() {
    Config c = ConfigLoader.builder().defaults(DEFAULTS)
        .dataset(Layer.yaml("model_overrides:\n  M:\n    knn_k: 10\n", "dataset d.yaml"))
        .model("M", Layer.yaml("cl_weight: 0.1\n", "model M.yaml"))
        .user(Layer.yaml("cl_weight: 0.2\nknn_k: 5\n", "user.yaml"))
        .overrides(List.of("epochs=2")).strict(true).load();
    assertThat(c.getDouble("cl_weight")).isEqualTo(0.2);
    assertThat(c.getInt("knn_k")).isEqualTo(5);
  }

  @Test
  void lenientModeKeepsUnknownUserKeys() {
    Config c = ConfigLoader.builder().defaults(DEFAULTS).user(Layer.yaml("my_key: 1\n", "user.yaml")).load();
    assertThat(c.getInt("my_key")).isEqualTo(1);
  }

  @Test
  void duplicateKeyInAFileNamesBothLines() throws IOException {
    Path p = write("dup.yaml", "epochs: 1\nembedding_size: 2\nepochs: 3\n");
    assertThatThrownBy(() -> ConfigLoader.load(Layer.file(p)))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("epochs"))
        .hasMessageContaining("duplicate key epochs")
        .hasMessageContaining(p.toString())
        .hasMessageContaining("lines 1 and 3");
  }

  @Test
  void duplicateNestedKeyIsAnErrorToo() {
    assertThatThrownBy(() -> ConfigLoader.load(Layer.yaml("feature_files:\n  image: a\n  image: b\n", "d.yaml")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("feature_files.image")
        .hasMessageContaining("lines 2 and 3");
  }

  @Test
  void topLevelListIsAnErrorNamingTheFile() throws IOException {
    Path p = write("list.yaml", "- epochs\n- 3\n");
    assertThatThrownBy(() -> ConfigLoader.load(Layer.file(p)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(p.toString())
        .hasMessageContaining("must be a mapping")
        .hasMessageContaining("found a list");
  }

  @Test
  void malformedYamlNamesFileAndLine() {
    assertThatThrownBy(() -> ConfigLoader.load(Layer.yaml("a: 1\nb: [1, 2\n", "bad.yaml")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bad.yaml")
        .hasMessageContaining("invalid YAML");
  }

  @Test
  void aTabIsReportedOnItsOwnLine() {
    for (String text : List.of("epochs: 5\n\tlearning_rate: 0.1\n", "epochs: 5\nlearning_rate:\t\n  - 0.1\n",
        "# comment\nepochs: 5\n\n\tx: 1\n")) {
      int tabLine = (int) text.substring(0, text.indexOf('\t')).chars().filter(ch -> ch == '\n').count() + 1;
      assertThatThrownBy(() -> ConfigLoader.load(Layer.yaml(text, "tab.yaml")))
          .as(text)
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("tab.yaml: invalid YAML at line " + tabLine + ": ");
    }
  }

  @Test
  void aConfigPathThatIsAFolderSaysSo() {
    assertThatThrownBy(() -> ConfigLoader.load(Layer.file(dir)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(dir.toAbsolutePath() + " is a directory");
  }

  @Test
  void missingRequiredFileIsAnErrorButOptionalFileIsEmpty() {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> ConfigLoader.load(Layer.file(missing)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("config file not found")
        .hasMessageContaining(missing.toAbsolutePath().toString());
    assertThat(ConfigLoader.load(Layer.optionalFile(missing)).keys()).isEmpty();
  }

  @Test
  void missingRequiredResourceIsAnErrorButOptionalResourceIsEmpty() {
    assertThatThrownBy(() -> ConfigLoader.load(Layer.resource("org/mmrec4j/none.yaml", "model X.yaml")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("org/mmrec4j/none.yaml");
    assertThat(ConfigLoader.load(Layer.optionalResource("org/mmrec4j/none.yaml", "model X.yaml")).keys()).isEmpty();
  }

  @Test
  void emptyFileIsAnEmptyLayer() throws IOException {
    Path p = write("empty.yaml", "# only a comment\n");
    assertThat(ConfigLoader.load(Layer.file(p)).keys()).isEmpty();
  }

  @Test
  void defaultsAreUsedUnlessReplaced() {
    Config c = ConfigLoader.builder().load();
    assertThat(c.getInt("embedding_size")).isEqualTo(64);
    assertThat(c.source("embedding_size")).startsWith("defaults.yaml line ");
    assertThat(ConfigLoader.builder().defaults(Layer.empty()).load().keys()).isEmpty();
  }

  @Test
  void missingKeyMessageNamesTheModelYaml() {
    Config c = ConfigLoader.builder().defaults(DEFAULTS).model("ItemKNNCBF", Layer.yaml("", "model ItemKNNCBF.yaml")).load();
    assertThatThrownBy(() -> c.getInt("knn_k"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("missing key knn_k")
        .hasMessageContaining("model ItemKNNCBF.yaml");
  }
}
