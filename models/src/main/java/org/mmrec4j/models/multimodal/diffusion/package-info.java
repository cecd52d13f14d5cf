/**
 * DiffMM's diffusion parts (spec/models.md §19): the Gaussian schedule in float64
 * ({@link org.mmrec4j.models.multimodal.diffusion.GaussianDiffusion}) and the per-modality denoiser with its
 * fused training loss and top-k graph generation ({@link org.mmrec4j.models.multimodal.diffusion.Denoiser}).
 * Only DiffMm uses them. May use: engine (incl. kernel), eval (TopK). May not use: config, data, the models
 * packages (options arrive as plain arguments), train or above.
 */
package org.mmrec4j.models.multimodal.diffusion;
