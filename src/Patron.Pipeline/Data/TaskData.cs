using System.Globalization;
using Patron.Learning;
using Patron.Pipeline.Tasks;

namespace Patron.Pipeline.Data;

/// <summary>Whether a customer task's labels can train and judge a model: a binary label needs both classes, and a
/// value needs customers who spent, in the earlier window (training) and the later one (the out-of-time test).</summary>
internal static class TaskData
{
    /// <summary>Fewest customers of each class (or with a positive value) a window needs: enough for every fold of
    /// the stratified cross-validation and the early-stopping fifth to hold some.</summary>
    public const int MinimumPerClass = 5;

    /// <summary>The reason the task cannot learn from these labels, in words; null when it can.</summary>
    public static string? CannotLearn(TaskSpec spec, double[] earlyLabels, double[] trainLabels, int folds)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(earlyLabels);
        ArgumentNullException.ThrowIfNull(trainLabels);
        var needed = Math.Max(MinimumPerClass, folds);
        return Check(spec, earlyLabels, needed, "the training window (labels before the training cutoff)")
            ?? Check(spec, trainLabels, needed, "the out-of-time window (labels before the scoring cutoff)");
    }

    private static string? Check(TaskSpec spec, double[] labels, int needed, string window)
    {
        long positive = 0;
        long known = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var y = labels[i];
            if (double.IsNaN(y))
            {
                continue;
            }

            known++;
            positive += y > 0 ? 1 : 0;
        }

        var negative = known - positive;
        if (spec.Kind == TaskKind.Binary)
        {
            return positive >= needed && negative >= needed
                ? null
                : string.Create(CultureInfo.InvariantCulture,
                    $"one label class is (almost) missing: {positive:N0} of {known:N0} customers are positive for {spec.Label} in {window}; a model needs at least {needed} of each class to be trained and judged");
        }

        return positive >= needed
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"too few customers spent anything: {positive:N0} of {known:N0} have a positive {spec.Label} in {window}; a value model needs at least {needed}");
    }
}
