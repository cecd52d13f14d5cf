package org.mmrec4j.models.wrapper;

import java.util.Locale;
import org.mmrec4j.config.Config;
import org.mmrec4j.engine.Checks;

/** GUIDER's keys (GUIDER.yaml beside the model YAMLs documents each). */
public record GuiderOptions(Mode mode, Weighting weighting, double kdWeight, int batchSize,
                            double teacherLearningRate, int teacherDim, int teacherUiLayers, int teacherPretrainEpochs,
                            int teacherKnnK, double teacherImageWeight, int teacherMmLayers, double teacherDropout,
                            int hashBits, double cleanThreshold,
                            double amscQuantile, int amscEvery, double amscTemperature, double dbprBeta,
                            int kdUsers, int kdTop, int kdRandom, SinkhornDivergence.Options sinkhorn) {

    /** code_compat: the released code (§20.2); paper: the paper's intent with our documented choices (§20.3). */
    public enum Mode { PAPER, CODE_COMPAT }

    /** How L_S and L_KD combine: MGDA's min-norm weights, or L_S + λ_KD·L_KD. */
    public enum Weighting { MGDA, FIXED }

    public GuiderOptions {
        Checks.arg(kdWeight >= 0, "guider_kd_weight must be >= 0, got %s", kdWeight);
        Checks.arg(teacherLearningRate > 0, "guider_teacher_learning_rate must be > 0, got %s", teacherLearningRate);
        Checks.arg(teacherDim > 0, "guider_teacher_embedding_size must be > 0, got %s", teacherDim);
        Checks.arg(teacherUiLayers >= 0, "guider_teacher_n_ui_layers must be >= 0, got %s", teacherUiLayers);
        Checks.arg(teacherPretrainEpochs >= 0, "guider_teacher_pretrain_epochs must be >= 0, got %s", teacherPretrainEpochs);
        Checks.arg(teacherKnnK >= 1, "guider_teacher_knn_k must be >= 1, got %s", teacherKnnK);
        Checks.arg(teacherMmLayers >= 0, "guider_teacher_n_mm_layers must be >= 0, got %s", teacherMmLayers);
        Checks.arg(teacherDropout < 1, "guider_teacher_dropout must be < 1, got %s", teacherDropout);
        Checks.arg(hashBits >= 1, "guider_hash_bits must be >= 1, got %s", hashBits);
        Checks.arg(amscEvery >= 1, "guider_amsc_every must be >= 1, got %s", amscEvery);
        Checks.arg(amscTemperature > 0, "guider_amsc_temperature must be > 0, got %s", amscTemperature);
        Checks.arg(dbprBeta >= 0, "guider_dbpr_beta must be >= 0, got %s", dbprBeta);
        Checks.arg(kdUsers >= 2, "guider_kd_users must be >= 2, got %s", kdUsers);
        Checks.arg(kdTop >= 0 && kdRandom >= 0 && kdTop + kdRandom > 0, "guider_kd_top + guider_kd_random must be > 0");
    }

    public static GuiderOptions from(Config c) {
        Mode mode = switch (c.getString("guider_mode").toLowerCase(Locale.ROOT)) {
            case "paper" -> Mode.PAPER;
            case "code_compat", "code-compat" -> Mode.CODE_COMPAT;
            default -> throw new IllegalArgumentException("guider_mode must be paper or code_compat, got '" + c.getString("guider_mode") + "'");
        };
        String w = c.getString("guider_loss_weighting").toLowerCase(Locale.ROOT);
        Weighting weighting = switch (w) {
            case "auto" -> mode == Mode.CODE_COMPAT ? Weighting.MGDA : Weighting.FIXED;
            case "mgda" -> Weighting.MGDA;
            case "fixed" -> Weighting.FIXED;
            default -> throw new IllegalArgumentException("guider_loss_weighting must be auto, mgda or fixed, got '" + w + "'");
        };
        return new GuiderOptions(mode, weighting, c.getDouble("guider_kd_weight"), c.getInt("train_batch_size"),
                c.getDouble("guider_teacher_learning_rate"), c.getInt("guider_teacher_embedding_size"),
                c.getInt("guider_teacher_n_ui_layers"), c.getInt("guider_teacher_pretrain_epochs"),
                c.getInt("guider_teacher_knn_k"), c.getDouble("guider_teacher_mm_image_weight"),
                c.getInt("guider_teacher_n_mm_layers"), c.getDouble("guider_teacher_dropout"),
                c.getInt("guider_hash_bits"), c.getDouble("guider_clean_threshold"),
                c.getDouble("guider_amsc_quantile"), c.getInt("guider_amsc_every"), c.getDouble("guider_amsc_temperature"),
                c.getDouble("guider_dbpr_beta"), c.getInt("guider_kd_users"), c.getInt("guider_kd_top"),
                c.getInt("guider_kd_random"), new SinkhornDivergence.Options(c.getDouble("guider_sinkhorn_blur"),
                        c.getDouble("guider_sinkhorn_scaling"), c.getInt("guider_sinkhorn_max_iter")));
    }
}
