package org.mmrec4j.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultsTest {

  @Test
  void defaultsMatchMmrecOverallYaml() {
    Config d = Config.defaults();
    assertThat(d.get("seed")).isEqualTo(List.of(999));
    assertThat(d.hyperParameters()).containsExactly("seed");
    assertThat(d.getInt("epochs")).isEqualTo(1000);
    assertThat(d.getInt("embedding_size")).isEqualTo(64);
    assertThat(d.getInt("train_batch_size")).isEqualTo(2048);
    assertThat(d.getInt("eval_batch_size")).isEqualTo(4096);
    assertThat(d.getString("learner")).isEqualTo("adam");
    assertThat(d.getDouble("learning_rate")).isEqualTo(0.001);
    assertThat(d.getDouble("weight_decay")).isEqualTo(0.0);
    assertThat(d.get("learning_rate_scheduler")).isEqualTo(List.of(1.0, 50));
    assertThat(d.getInt("eval_step")).isEqualTo(1);
    assertThat(d.getInt("stopping_step")).isEqualTo(20);
    assertThat(d.getIntList("topk")).containsExactly(5, 10, 20, 50);
    assertThat(d.getString("valid_metric")).isEqualTo("Recall@20");
    assertThat(d.getBoolean("filter_out_cod_start_users")).isTrue();
    assertThat(d.getBoolean("is_multimodal_model")).isTrue();
    assertThat(d.getBoolean("req_training")).isTrue();
    assertThat(d.getString("USER_ID_FIELD")).isEqualTo("userID");
    assertThat(d.getString("ITEM_ID_FIELD")).isEqualTo("itemID");
    assertThat(d.getString("inter_splitting_label")).isEqualTo("x_label");
    assertThat(d.getString("field_separator")).isEqualTo("\t");
    assertThat(d.find("clip_grad_norm")).isEmpty();
    assertThat(d.getInt("threads")).isZero();
    assertThat(d.getInt("checkpoint_every")).isEqualTo(10);
    assertThat(d.getString("select_on")).isEqualTo("valid");
    assertThat(d.find("inter_file_name")).isEmpty();
    assertThat(d.get("feature_files")).isEqualTo(Map.of());
    assertThat(d.keys()).contains("vision_feature_file", "text_feature_file", "clip_grad_norm", "inter_file_name");
    assertThat(d.find("vision_feature_file")).isEmpty();
    // MMRec keys no mmrec4j code reads are not documented, so setting one is an unknown-key error.
    assertThat(d.keys()).doesNotContain("training_neg_sample_num", "use_neg_sampling", "use_full_sampling", "metrics",
        "valid_metric_bigger");
    assertThat(d.source("epochs")).matches("defaults\\.yaml line \\d+");
  }

  @Test
  void everyDefaultKeyHasAnInlineComment() throws IOException {
    String text;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(Layer.DEFAULTS_RESOURCE)) {
      assertThat(in).isNotNull();
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> keyLines = text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    assertThat(keyLines).hasSize(Config.defaults().keys().size());
    assertThat(keyLines).allSatisfy(l -> assertThat(l).matches("\\S+: .*\\S.*  # \\S.*"));
  }

  @Test
  void defaultsGridIsOneRunPerSeed() {
    List<Config> grid = Config.defaults().expandGrid();
    assertThat(grid).hasSize(1);
    assertThat(grid.get(0).getInt("seed")).isEqualTo(999);
  }
}
