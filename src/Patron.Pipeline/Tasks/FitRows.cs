namespace Patron.Pipeline.Tasks;

/// <summary>The rows the learners of a task fit on at each cutoff: null for every row, else a stratified seeded sample
/// (ascending) of at most <see cref="PipelineOptions.MaxTrainingRows"/> rows.</summary>
/// <param name="Early">Rows of the earlier cutoff that fit the out-of-time models.</param>
/// <param name="Train">Rows of the training cutoff that the cross-validation folds and the refit use.</param>
internal sealed record FitRows(int[]? Early, int[]? Train);
