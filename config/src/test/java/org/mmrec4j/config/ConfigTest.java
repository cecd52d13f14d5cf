package org.mmrec4j.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

  private static Config load(String yaml) {
    return ConfigLoader.load(Layer.yaml(yaml, "t.yaml"));
  }

  @Test
  void typedGettersReadTheirTypes() {
    Config c = load(String.join("\n",
        "i: 3", "l: 12345678901", "d: 2.5", "b: true", "s: adam",
        "il: [1, 2]", "dl: [1, 0.5]", "sl: [Recall, NDCG]", ""));
    assertThat(c.getInt("i")).isEqualTo(3);
    assertThat(c.getLong("l")).isEqualTo(12345678901L);
    assertThat(c.getLong("i")).isEqualTo(3L);
    assertThat(c.getDouble("d")).isEqualTo(2.5);
    assertThat(c.getDouble("i")).isEqualTo(3.0); // ints are fine where doubles are expected
    assertThat(c.getFloat("d")).isEqualTo(2.5f);
    assertThat(c.getBoolean("b")).isTrue();
    assertThat(c.getString("s")).isEqualTo("adam");
    assertThat(c.getIntList("il")).containsExactly(1, 2);
    assertThat(c.getDoubleList("dl")).containsExactly(1.0, 0.5);
    assertThat(c.getStringList("sl")).containsExactly("Recall", "NDCG");
    assertThat(c.getStringList("s")).containsExactly("adam"); // scalar as a one-element list
  }

  @Test
  void getIntRejectsFractionsAndLongs() {
    Config c = load("n_layers: 2.5\nbig: 12345678901\n");
    assertThatThrownBy(() -> c.getInt("n_layers"))
        .isInstanceOfSatisfying(ConfigException.class, e -> {
          assertThat(e.key()).isEqualTo("n_layers");
          assertThat(e.source()).isEqualTo("t.yaml line 1");
        })
        .hasMessage("n_layers (from t.yaml line 1): expected an integer, got 2.5");
    assertThatThrownBy(() -> c.getInt("big")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("fits in 32 bits");
  }

  @Test
  void wrongTypeMessageNamesKeyAndSource() {
    Config c = load("epochs: 1\n\n\nreg_weight: abc\n");
    assertThatThrownBy(() -> c.getDouble("reg_weight"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("reg_weight (from t.yaml line 4): expected a number, got \"abc\"");
    assertThatThrownBy(() -> c.getString("epochs"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("epochs (from t.yaml line 1): expected a string, got 1");
    assertThatThrownBy(() -> c.getIntList("reg_weight"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("a list of integers");
  }

  @Test
  void booleansAcceptPythonStyleStrings() {
    Config c = load("a: True\nb: 'False'\nc: \"true\"\nd: maybe\ne: 1\n");
    assertThat(c.getBoolean("a")).isTrue();
    assertThat(c.getBoolean("b")).isFalse();
    assertThat(c.getBoolean("c")).isTrue();
    assertThatThrownBy(() -> c.getBoolean("d")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("expected true or false");
    assertThatThrownBy(() -> c.getBoolean("e")).isInstanceOf(ConfigException.class);
  }

  @Test
  void noneAndNullReadAsAbsent() {
    Config c = load("vision_feature_file: None\ntext_feature_file: null\nclip: ~\nname: Nonesuch\n");
    assertThat(c.find("vision_feature_file")).isEmpty();
    assertThat(c.find("text_feature_file")).isEmpty();
    assertThat(c.find("clip")).isEmpty();
    assertThat(c.has("vision_feature_file")).isFalse();
    assertThat(c.keys()).contains("vision_feature_file", "text_feature_file", "clip");
    assertThat(c.find("name")).contains("Nonesuch");
    assertThatThrownBy(() -> c.getString("vision_feature_file"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("vision_feature_file (from t.yaml line 1) has no value");
  }

  @Test
  void missingKeySuggestsTheClosestKey() {
    Config c = load("learning_rate: 0.1\nembedding_size: 4\n");
    assertThatThrownBy(() -> c.getDouble("learning_rat"))
        .isInstanceOfSatisfying(ConfigException.class, e -> {
          assertThat(e.key()).isEqualTo("learning_rat");
          assertThat(e.source()).isEmpty();
        })
        .hasMessageContaining("missing key learning_rat")
        .hasMessageContaining("learning_rat: <value>")
        .hasMessageContaining("did you mean learning_rate?");
    assertThatThrownBy(() -> c.get("zzz")).isInstanceOf(ConfigException.class)
        .message().doesNotContain("did you mean");
  }

  @Test
  void withReturnsACopyAndRecordsTheSource() {
    Config c = load("epochs: 1\n");
    Config d = c.with("epochs", 5L, "grid");
    assertThat(c.getInt("epochs")).isEqualTo(1);
    assertThat(d.getInt("epochs")).isEqualTo(5);
    assertThat(d.source("epochs")).isEqualTo("grid");
    assertThat(c.with("lr", 0.1f, "code").getDouble("lr")).isEqualTo(0.1);
  }

  @Test
  void valuesAreImmutable() {
    Config c = load("l: [1, 2]\nm: {a: 1}\n");
    assertThatThrownBy(() -> ((List<Object>) c.get("l")).add(3)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((Map<String, Object>) c.get("m")).put("b", 2))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void gridIsCartesianProductWithLastParameterFastest() {
    Config c = load(String.join("\n",
        "seed: [999]",
        "hyper_parameters: [n_layers, reg_weight]",
        "n_layers: [1, 2]",
        "reg_weight: [0.1, 0.01, 0.001]",
        "epochs: 5", ""));
    List<Config> grid = c.expandGrid();
    assertThat(grid).hasSize(6);
    List<List<Object>> combos = grid.stream()
        .map(g -> List.<Object>of(g.get("n_layers"), g.get("reg_weight"))).toList();
    assertThat(combos).containsExactly(
        List.of(1, 0.1), List.of(1, 0.01), List.of(1, 0.001),
        List.of(2, 0.1), List.of(2, 0.01), List.of(2, 0.001));
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("seed", 999);
    expected.put("n_layers", 2);
    expected.put("reg_weight", 0.1);
    assertThat(grid.get(3).comboValues()).containsExactlyEntriesOf(expected);
    assertThat(grid.get(3).getInt("seed")).isEqualTo(999);
    assertThat(grid.get(3).getInt("epochs")).isEqualTo(5);
    assertThat(grid.get(3).source("reg_weight")).isEqualTo("t.yaml line 4 (grid value 1 of 3)");
    assertThat(c.comboValues()).isEmpty();
  }

  @Test
  void seedIsTheOutermostAxisEvenWhenListedLast() {
    Config c = load("hyper_parameters: [n_layers, seed]\nn_layers: [1, 2]\nseed: [7, 8]\n");
    List<List<Object>> combos = c.expandGrid().stream()
        .map(g -> List.<Object>of(g.getInt("seed"), g.getInt("n_layers"))).toList();
    assertThat(combos).containsExactly(List.of(7, 1), List.of(7, 2), List.of(8, 1), List.of(8, 2));
  }

  @Test
  void scalarAndMissingHyperParametersAreSingleValueAxes() {
    Config c = load("hyper_parameters: [n_layers, missing, cl_weight, knn_k]\nn_layers: [1, 2]\ncl_weight: 0.5\nknn_k: null\n");
    List<Config> grid = c.expandGrid();
    assertThat(grid).hasSize(2);
    assertThat(grid.get(1).comboValues()).containsOnlyKeys("n_layers", "cl_weight");
    assertThat(grid.get(1).comboValues()).containsEntry("cl_weight", 0.5);
    assertThat(grid.get(1).keys()).doesNotContain("missing");
    assertThat(grid.get(1).find("knn_k")).isEmpty();
    // No seed key at all: MMRec's [None] axis changes nothing.
    assertThat(grid.get(0).comboValues()).doesNotContainKey("seed");
  }

  @Test
  void emptyHyperParameterListIsAnError() {
    Config c = load("hyper_parameters: [n_layers]\nn_layers: []\n");
    assertThatThrownBy(c::expandGrid).isInstanceOf(ConfigException.class)
        .hasMessageContaining("n_layers (from t.yaml line 2) is an empty list");
  }

  @Test
  void listValuedKeysOutsideHyperParametersAreNotAxes() {
    Config c = load("seed: [1]\nlearning_rate_scheduler: [1.0, 50]\n");
    List<Config> grid = c.expandGrid();
    assertThat(grid).hasSize(1);
    assertThat(grid.get(0).get("learning_rate_scheduler")).isEqualTo(List.of(1.0, 50));
  }

  @Test
  void toYamlRoundTripsToAnEqualConfig() {
    Config c = ConfigLoader.builder()
        .model("M", Layer.yaml("hyper_parameters: [reg_weight]\nreg_weight: [1.0e-4, 1e-3]\n"
            + "odd: \"quote \\\" back\\\\slash # hash: colon\"\nyes_str: 'yes'\nnum_str: '12'\nnothing: None\n"
            + "\"on\": 1\nnested: {a: [1, {b: null}], \"key with space\": -.inf}\nbig: 12345678901\n", "model M.yaml"))
        .overrides(List.of("tiny=4.9e-324", "field=x\ty")).load();
    String yaml = c.toYaml();
    Config back = ConfigLoader.load(Layer.yaml(yaml, "resolved.yaml"));
    assertThat(back).isEqualTo(c);
    assertThat(back.hashCode()).isEqualTo(c.hashCode());
    assertThat(back.getString("field_separator")).isEqualTo("\t");
    assertThat(back.getString("yes_str")).isEqualTo("yes");
    assertThat(back.hyperParameters()).isEqualTo(c.hyperParameters());
  }

  @Test
  void toYamlSortsKeysAndCommentsSources() {
    Config c = load("zeta: 1\nalpha: [a, b]\n").with("mid", "x", "--set");
    String[] lines = c.toYaml().split("\n");
    assertThat(Arrays.stream(lines).filter(l -> !l.startsWith("#")))
        .containsExactly(
            "alpha: [\"a\", \"b\"]  # from t.yaml line 2",
            "mid: \"x\"  # from --set",
            "zeta: 1  # from t.yaml line 1");
  }

  @Test
  void equalityIgnoresSourcesButNotValues() {
    Config a = Config.of(Map.of("x", 1), "here");
    assertThat(a).isEqualTo(Config.of(Map.of("x", 1L), "there"));
    assertThat(a).isNotEqualTo(Config.of(Map.of("x", 1.0), "here"));
  }
}
