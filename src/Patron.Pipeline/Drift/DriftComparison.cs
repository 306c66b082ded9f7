using Patron.DuckDb;
using Patron.Features.Frames;
using Patron.Features.Registry;
using Patron.Learning;
using Patron.Learning.Data;
using Patron.Learning.Drift;
using Patron.Learning.Serialization;

namespace Patron.Pipeline.Drift;

/// <summary>Compares the customers of two cutoffs of <c>gold.customer_features</c>, feature by feature, and the scores
/// the saved models of a run give each population (docs/drift.md).</summary>
/// <remarks>Features are read a few columns at a time (<see cref="FeatureColumns"/>) and judged in parallel, so memory
/// holds a handful of columns of both cutoffs, not the frames. For the scores each cutoff's frame is read once, in
/// customer order, and every model's matrix built from it, one cutoff at a time.</remarks>
public static class DriftComparison
{
    /// <summary>Columns read before they are judged in parallel.</summary>
    private const int Batch = 8;

    /// <summary>Compares the features (and, with <paramref name="modelsFolder"/>, the models' scores) of
    /// <paramref name="referenceCutoff"/> against <paramref name="currentCutoff"/>.</summary>
    /// <exception cref="InvalidOperationException">A cutoff has no customers in gold.</exception>
    public static DriftResult Compare(DuckDbConnection connection, DateOnly referenceCutoff, DateOnly currentCutoff, string? modelsFolder,
        DriftOptions options, IProgress<string>? progress = null)
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
        var scores = modelsFolder is null ? [] : Scores(connection, reference, current, modelsFolder, options, skipped, progress);
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
        for (var start = 0; start < common.Count; start += Batch)
        {
            var count = Math.Min(Batch, common.Count - start);
            var columns = new (object Reference, object Current)[count];
            for (var k = 0; k < count; k++)
            {
                var feature = common[start + k];
                columns[k] = feature.Type == FeatureType.Category
                    ? (reference.Categorical(feature.Name), current.Categorical(feature.Name))
                    : (reference.Numeric(feature.Name), current.Numeric(feature.Name));
            }

            Parallel.For(0, count, k =>
            {
                var name = common[start + k].Name;
                results[start + k] = columns[k].Reference is double[] r
                    ? DriftDetector.Numeric(name, r, (double[])columns[k].Current, options)
                    : DriftDetector.Categorical(name, (string?[])columns[k].Reference, (string?[])columns[k].Current, options);
            });
            progress?.Report($"features: {start + count} of {common.Count} compared");
        }

        return [.. results];
    }

    private static List<ColumnDrift> Scores(DuckDbConnection connection, FeatureColumns reference, FeatureColumns current, string modelsFolder, DriftOptions options,
        SortedDictionary<string, string> skipped, IProgress<string>? progress)
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
        var r = ScoreAll(connection, reference.Cutoff, usable);
        progress?.Report($"scores: {usable.Count} model(s) at {current.Cutoff:yyyy-MM-dd}");
        var c = ScoreAll(connection, current.Cutoff, usable);
        for (var m = 0; m < usable.Count; m++)
        {
            scores.Add(DriftDetector.Numeric(usable[m].Task, r[m], c[m], options));
        }

        return scores;
    }

    /// <summary>Every usable model's scores at one cutoff, from one read of the cutoff's features in customer order
    /// (one sorted read instead of one per input column).</summary>
    private static double[][] ScoreAll(DuckDbConnection connection, DateOnly cutoff, List<(string Task, IPredictor Model)> models)
    {
        var frame = CustomerFrame.Load(connection, cutoff, horizonDays: 1);
        var result = new double[models.Count][];
        for (var m = 0; m < models.Count; m++)
        {
            var model = models[m].Model;
            var builder = new FeatureMatrixBuilder(frame.Count);
            foreach (var spec in model.Schema.Features)
            {
                if (spec.Kind == FeatureKind.Categorical)
                {
                    builder.AddCategorical(spec.Name, frame.Categorical(spec.Name));
                }
                else
                {
                    builder.AddNumeric(spec.Name, frame.Numeric(spec.Name));
                }
            }

            var matrix = builder.Build(model.Schema);
            result[m] = new double[matrix.RowCount];
            model.Predict(matrix, result[m]);
        }

        return result;
    }
}
