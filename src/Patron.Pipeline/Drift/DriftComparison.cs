using System.Collections.Concurrent;
using Patron.DuckDb;
using Patron.Features.Frames;
using Patron.Features.Registry;
using Patron.Learning;
using Patron.Learning.Drift;
using Patron.Learning.Serialization;

namespace Patron.Pipeline.Drift;

/// <summary>Compares the customers of two cutoffs of <c>gold.customer_features</c>, feature by feature, and the scores
/// the saved models of a run give each population (docs/drift.md).</summary>
/// <remarks>Features are read a few columns at a time (one streamed query per batch and cutoff, into arrays reused batch
/// after batch, <see cref="FeatureColumns.ReadInto"/>), sorted in place and judged in parallel, so memory holds a
/// handful of columns of both cutoffs, not the frames. For the scores the columns the models take are streamed once per
/// cutoff and scored a slice of rows at a time by every model (<see cref="FeatureColumns.Score"/>), so memory holds two
/// slices and the scores, not the columns or a matrix. Every statistic reads each side sorted, so neither the features'
/// nor the scores' row order matters. A caller that already holds a model's scores of the current cutoff (the run's
/// models stage, which scored every customer at the scoring cutoff with the same model) hands them over, and only the
/// reference cutoff is scored for that model.</remarks>
public static class DriftComparison
{
    /// <summary>Columns read before they are judged in parallel.</summary>
    private const int Batch = 8;

    /// <summary>Compares the features (and, with <paramref name="modelsFolder"/>, the models' scores) of
    /// <paramref name="referenceCutoff"/> against <paramref name="currentCutoff"/>.</summary>
    /// <param name="connection">The warehouse.</param>
    /// <param name="referenceCutoff">The reference cutoff (the training cutoff in a run).</param>
    /// <param name="currentCutoff">The current cutoff (the scoring cutoff in a run).</param>
    /// <param name="modelsFolder">The run's models/ folder, or null to compare the features only.</param>
    /// <param name="options">Thresholds and bins.</param>
    /// <param name="progress">Progress lines.</param>
    /// <param name="currentScores">Scores of every customer at <paramref name="currentCutoff"/> by task, from the very
    /// model saved in <paramref name="modelsFolder"/> (any customer order: the statistics sort each side). A task found
    /// here is not scored again at the current cutoff; an array whose length is not the cutoff's customer count is
    /// ignored.</param>
    /// <exception cref="InvalidOperationException">A cutoff has no customers in gold.</exception>
    public static DriftResult Compare(DuckDbConnection connection, DateOnly referenceCutoff, DateOnly currentCutoff, string? modelsFolder,
        DriftOptions options, IProgress<string>? progress = null, IReadOnlyDictionary<string, double[]>? currentScores = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var reference = FeatureColumns.Open(connection, referenceCutoff);
        var current = FeatureColumns.Open(connection, currentCutoff);
        foreach (var side in new[] { reference, current })
        {
            if (side.Count == 0)
            {
                throw new InvalidOperationException($"No customer has features at {side.Cutoff:yyyy-MM-dd}: build them first (patron features --cutoff {side.Cutoff:yyyy-MM-dd}).");
            }
        }

        progress?.Report($"{reference.Count:N0} customers at {referenceCutoff:yyyy-MM-dd} against {current.Count:N0} at {currentCutoff:yyyy-MM-dd}");
        var features = Features(reference, current, options, progress);
        var skipped = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var scores = modelsFolder is null ? [] : Scores(reference, current, modelsFolder, options, skipped, currentScores, progress);
        return new DriftResult
        {
            ReferenceCutoff = referenceCutoff,
            CurrentCutoff = currentCutoff,
            ReferenceCustomers = reference.Count,
            CurrentCustomers = current.Count,
            Dataset = DatasetDrift.Create(features, scores, options),
            SkippedScores = skipped,
            Options = options,
        };
    }

    private static List<ColumnDrift> Features(FeatureColumns reference, FeatureColumns current, DriftOptions options, IProgress<string>? progress)
    {
        var currentNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var feature in current.Features)
        {
            currentNames.Add(feature.Name);
        }

        var common = new List<FeatureDefinition>();
        foreach (var feature in reference.Features)
        {
            if (currentNames.Contains(feature.Name))
            {
                common.Add(feature);
            }
        }

        var results = new ColumnDrift[common.Count];
        var referenceCount = checked((int)reference.Count);
        var currentCount = checked((int)current.Count);

        // A batch's numeric columns are read into the same arrays batch after batch and sorted there, with one scratch
        // array per column judged at a time: memory holds a batch of both cutoffs, and no column is allocated twice.
        var referenceValues = new double[]?[Batch];
        var currentValues = new double[]?[Batch];
        var scratches = new ConcurrentBag<double[]>();
        for (var start = 0; start < common.Count; start += Batch)
        {
            var count = Math.Min(Batch, common.Count - start);
            var names = new string[count];
            for (var k = 0; k < count; k++)
            {
                names[k] = common[start + k].Name;
                if (common[start + k].Type != FeatureType.Category)
                {
                    referenceValues[k] ??= new double[referenceCount];
                    currentValues[k] ??= new double[currentCount];
                }
            }

            // One read of the batch's columns per cutoff instead of one per column.
            var referenceTexts = new string?[]?[count];
            var currentTexts = new string?[]?[count];
            reference.ReadInto(names, referenceValues, referenceTexts);
            current.ReadInto(names, currentValues, currentTexts);
            Parallel.For(0, count, k =>
            {
                var name = names[k];
                if (referenceTexts[k] is { } referenceText)
                {
                    results[start + k] = DriftDetector.Categorical(name, referenceText, currentTexts[k]!, options);
                    return;
                }

                var scratch = scratches.TryTake(out var free) ? free : new double[Math.Max(referenceCount, currentCount)];
                var r = referenceValues[k]!.AsSpan(0, referenceCount);
                var c = currentValues[k]!.AsSpan(0, currentCount);
                var nr = SortedSample.SortInPlace(r, scratch);
                var nc = SortedSample.SortInPlace(c, scratch);
                scratches.Add(scratch);
                results[start + k] = DriftDetector.NumericSorted(name, r[..nr], c[..nc], options);
            });
            progress?.Report($"features: {start + count} of {common.Count} compared");
        }

        return [.. results];
    }

    private static List<ColumnDrift> Scores(FeatureColumns reference, FeatureColumns current, string modelsFolder, DriftOptions options,
        SortedDictionary<string, string> skipped, IReadOnlyDictionary<string, double[]>? currentScores, IProgress<string>? progress)
    {
        var scores = new List<ColumnDrift>();
        if (!Directory.Exists(modelsFolder))
        {
            throw new DirectoryNotFoundException($"{modelsFolder} does not exist: give the run folder of patron run (it holds models/).");
        }

        var files = Directory.GetFiles(modelsFolder, "*.json");
        Array.Sort(files, StringComparer.Ordinal);
        var available = new HashSet<string>(StringComparer.Ordinal);
        foreach (var feature in reference.Features)
        {
            available.Add(feature.Name);
        }

        var usable = new List<(string Task, IPredictor Model)>();
        foreach (var file in files)
        {
            var task = Path.GetFileNameWithoutExtension(file);
            IPredictor model;
            try
            {
                model = ModelSerializer.LoadFile(file);
            }
            catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException or NotSupportedException)
            {
                // The message names the file's path; the reason stays the same wherever the run folder is.
                skipped[task] = "the model file is not a saved learner (a lifetime model such as bgnbd_gamma_gamma is chosen), so it cannot score the features";
                continue;
            }

            var missing = new List<string>();
            foreach (var spec in model.Schema.Features)
            {
                if (!available.Contains(spec.Name))
                {
                    missing.Add(spec.Name);
                }
            }

            if (missing.Count > 0)
            {
                skipped[task] = $"the model needs {missing.Count} input(s) that the customer features lack ({string.Join(", ", missing.Take(3))}{(missing.Count > 3 ? ", ..." : "")})";
                continue;
            }

            usable.Add((task, model));
        }

        if (usable.Count == 0)
        {
            return scores;
        }

        progress?.Report($"scores: {usable.Count} model(s) at {reference.Cutoff:yyyy-MM-dd}");
        var r = ScoreAll(reference, usable);
        var c = new double[usable.Count][];
        var unscored = new List<(string Task, IPredictor Model)>();
        for (var m = 0; m < usable.Count; m++)
        {
            if (currentScores is not null && currentScores.TryGetValue(usable[m].Task, out var given) && given.Length == current.Count)
            {
                c[m] = given;
            }
            else
            {
                unscored.Add(usable[m]);
            }
        }

        if (unscored.Count > 0)
        {
            progress?.Report($"scores: {unscored.Count} model(s) at {current.Cutoff:yyyy-MM-dd}");
            var scored = ScoreAll(current, unscored);
            for (int m = 0, k = 0; m < usable.Count; m++)
            {
                c[m] ??= scored[k++];
            }
        }

        if (unscored.Count < usable.Count)
        {
            progress?.Report($"scores: {usable.Count - unscored.Count} model(s) at {current.Cutoff:yyyy-MM-dd} taken from the models stage");
        }

        var judged = new ColumnDrift[usable.Count];
        Parallel.For(0, usable.Count, m => judged[m] = DriftDetector.Numeric(usable[m].Task, r[m], c[m], options));
        scores.AddRange(judged);

        return scores;
    }

    /// <summary>Every usable model's scores at one cutoff, from one streamed read of only the columns the models take,
    /// scored in slices of rows (<see cref="FeatureColumns.Score"/>): the statistics sort each side, so the rows' order
    /// does not matter.</summary>
    private static double[][] ScoreAll(FeatureColumns side, List<(string Task, IPredictor Model)> models)
    {
        var predictors = new IPredictor[models.Count];
        for (var m = 0; m < models.Count; m++)
        {
            predictors[m] = models[m].Model;
        }

        return side.Score(predictors);
    }
}
