using System.Globalization;
using System.Text.Json;
using Patron.Features.Build;
using Patron.Features.Lifetime;
using Patron.Features.Store;
using Patron.Pipeline.Stages;
using Patron.Warehouse;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Quality;
using Patron.Warehouse.Sources;

namespace Patron.Pipeline;

public sealed partial class PipelineRunner
{
    private const string PipelineVersion = "patron-pipeline/1";

    internal static readonly JsonSerializerOptions SnakeCase = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Whether a customer task (not only session_purchase) was asked for: only those read lifetime outputs.</summary>
    private bool WantsCustomerTasks => _options.Tasks.Any(t => t != Tasks.SessionTaskRunner.TaskName);

    private void Ingest(RunState state)
    {
        var adapter = SourceRegistry.Get(_options.Source, _options.Input);
        state.SourceName = adapter.Name;
        var warehouse = Path.GetFullPath(_options.WarehousePath);
        state.IngestKey = StageCache.Hash(PipelineVersion, adapter.Name, StageCache.HashInput(_options.Input), warehouse);
        Stage("ingest", state.IngestKey, _cache.IsFresh("ingest", state.IngestKey, warehouse), progress =>
        {
            var result = new Ingestor().Ingest(warehouse, adapter, _options.Input, null, progress);
            var s = result.Silver;
            return result.NothingNew
                ? "every file was ingested before; the warehouse is unchanged"
                : string.Create(CultureInfo.InvariantCulture, $"{s.Customers:N0} customers, {s.Orders:N0} orders, {s.OrderLines:N0} lines; {s.Quarantined:N0} rows quarantined");
        });
        state.Outputs["warehouse"] = warehouse;
    }

    private void Quality(RunState state)
    {
        var path = OutputPath("quality.json");
        Stage("quality", state.IngestKey, _cache.IsFresh("quality", state.IngestKey, path), _ =>
        {
            QualityReport report;
            using (var connection = WarehouseFile.Open(_options.WarehousePath, readOnly: true))
            {
                report = QualityReporter.Read(connection);
            }

            File.WriteAllText(path, JsonSerializer.Serialize(report, SnakeCase));
            var affected = 0;
            foreach (var finding in report.Findings)
            {
                affected += finding.AffectedRows > 0 ? 1 : 0;
            }

            return string.Create(CultureInfo.InvariantCulture, $"{affected} checks found rows to flag or fix");
        });
        state.Outputs["quality"] = path;
    }

    private void Features(RunState state)
    {
        var horizon = _options.HorizonDays;
        string silver;
        bool goldPresent;
        using (var connection = WarehouseFile.Open(_options.WarehousePath, readOnly: true))
        {
            state.HasPurchases = FeatureStore.LastPurchase(connection) is not null;
            state.Sessions = WantsSessions ? SessionData(connection) : null;

            // Session data alone (shopper sessions, say) still feeds session_purchase; without it the error stays.
            state.ScoringCutoff = _options.Cutoff
                ?? (state.HasPurchases || state.Sessions is null ? LastPurchaseDay(connection).AddDays(1) : CutoffWithoutPurchases(connection));
            state.TrainingCutoff = state.ScoringCutoff.AddDays(-horizon);
            var horizons = new SortedSet<int> { horizon };
            if (_options.Tasks.Contains("clv", StringComparer.Ordinal))
            {
                horizons.Add(_options.EffectiveClvHorizon);
            }

            if (state.HasPurchases)
            {
                foreach (var h in horizons)
                {
                    state.Builds.Add((state.ScoringCutoff.AddDays(-2 * h), h));
                    state.Builds.Add((state.ScoringCutoff.AddDays(-h), h));
                }

                state.Builds.Add((state.ScoringCutoff, horizon));
            }

            silver = FeatureStore.SilverFingerprint(connection) + ";" + FeatureStore.SessionFingerprint(connection, state.Sessions);
            goldPresent = (!state.HasPurchases || FeatureStore.HasCustomerGold(connection, state.Builds, WantsCustomerTasks)) && FeatureStore.HasSessionGold(connection, state.Sessions);
        }

        var plan = string.Join(';', state.Builds.ConvertAll(b => string.Create(CultureInfo.InvariantCulture, $"{b.Cutoff:yyyy-MM-dd}/{b.Horizon}")));

        // The silver fingerprint catches a warehouse rebuilt from the same files; the gold check one whose gold was dropped.
        state.FeaturesKey = StageCache.Hash(state.IngestKey, silver, plan, StageCache.CodeVersion());
        var parquet = OutputPath("features.parquet");
        Stage("features", state.FeaturesKey, goldPresent && _cache.IsFresh("features", state.FeaturesKey, parquet), progress =>
        {
            using var connection = WarehouseFile.Open(_options.WarehousePath);
            var details = new List<string>();
            if (state.HasPurchases)
            {
                long customers = 0;
                for (var i = 0; i < state.Builds.Count; i++)
                {
                    var (cutoff, h) = state.Builds[i];
                    var last = i == state.Builds.Count - 1;
                    progress.Report(string.Create(CultureInfo.InvariantCulture, $"cutoff {cutoff:yyyy-MM-dd}, labels over {h} days ({i + 1}/{state.Builds.Count})"));
                    var result = FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = cutoff, HorizonDays = h, Kpis = last });
                    customers = result.Customers;
                }

                if (WantsCustomerTasks)
                {
                    BuildLifetime(connection, state.Builds, details, progress);
                }

                var rows = GoldExport.Export(connection, GoldTables.CustomerFeatures, parquet, state.ScoringCutoff);
                details.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{state.Builds.Count} builds; {customers:N0} customers at the scoring cutoff {state.ScoringCutoff:yyyy-MM-dd}; {rows:N0} rows in features.parquet"));
            }
            else
            {
                details.Add("no purchases: no customer features");
            }

            if (state.Sessions is { } kind)
            {
                details.Add(BuildSessionGold(connection, kind, state.ScoringCutoff, progress));
            }

            return string.Join("; ", details);
        }, string.Create(CultureInfo.InvariantCulture, $"scoring cutoff {state.ScoringCutoff:yyyy-MM-dd}"));
        if (state.HasPurchases)
        {
            state.Outputs["features"] = parquet;
        }
    }

    /// <summary>Lifetime outputs in gold at every cutoff of the plan, over every horizon of it: what the models read.</summary>
    private static void BuildLifetime(Patron.DuckDb.DuckDbConnection connection, List<(DateOnly Cutoff, int Horizon)> builds, List<string> details, IProgress<string> progress)
    {
        var cutoffs = new List<DateOnly>();
        var horizons = new List<int>();
        foreach (var (cutoff, h) in builds)
        {
            if (!cutoffs.Contains(cutoff))
            {
                cutoffs.Add(cutoff);
            }

            if (!horizons.Contains(h))
            {
                horizons.Add(h);
            }
        }

        foreach (var cutoff in cutoffs)
        {
            progress.Report(string.Create(CultureInfo.InvariantCulture, $"lifetime models at {cutoff:yyyy-MM-dd}"));
            if (LifetimeScores.Build(connection, cutoff, horizons) is { } failure)
            {
                details.Add("lifetime: " + failure);
            }
        }
    }

    private static DateOnly LastPurchaseDay(Patron.DuckDb.DuckDbConnection connection)
    {
        var last = FeatureStore.LastPurchase(connection);
        return last is { } l
            ? DateOnly.FromDateTime(l)
            : throw new InvalidOperationException("The warehouse has no purchases (silver orders), so there is nothing to learn from; check the quality report.");
    }
}
