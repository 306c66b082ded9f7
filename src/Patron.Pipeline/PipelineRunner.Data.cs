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
        state.IngestKey = StageCache.Hash(PipelineVersion, adapter.Name, StageCache.HashInput(_options.Input), warehouse, IngestFingerprint(_options.Ingest));
        var fresh = _cache.IsFresh("ingest", state.IngestKey, warehouse);
        Stage("ingest", state.IngestKey, fresh, progress =>
        {
            var settings = StageCache.Hash(IngestFingerprint(_options.Ingest));
            if (_options.Warehouse is null && File.Exists(warehouse) && !_cache.IsFresh("ingest_options", settings, warehouse))
            {
                // The run's own warehouse was built with other ingest options: files already loaded would not be read
                // again, so silver would keep the old rules. It is rebuilt from the export instead.
                progress.Report("the ingest options changed since the last run: rebuilding the run's warehouse");
                WarehouseFile.Delete(warehouse);
            }

            _cache.Remember("ingest_options", settings);
            var result = new Ingestor().Ingest(warehouse, adapter, _options.Input, _options.Ingest, progress);
            var s = result.Silver;
            return result.NothingNew
                ? "every file was ingested before; the warehouse is unchanged"
                : string.Create(CultureInfo.InvariantCulture, $"{s.Customers:N0} customers, {s.Orders:N0} orders, {s.OrderLines:N0} lines; {s.Quarantined:N0} rows quarantined");
        });
        state.Outputs["warehouse"] = warehouse;
    }

    /// <summary>The ingest options that change what silver holds, as text: other options, another ingest.</summary>
    private static string IngestFingerprint(IngestOptions options)
    {
        var p = options.Policy;
        return string.Create(CultureInfo.InvariantCulture,
            $"strict={options.Strict};orphans={p.KeepOrphans};outliers={p.QuarantineOutliers};opened={p.ShopOpened:yyyy-MM-dd};dates={options.DateOrder};statuses={string.Join(',', options.PurchaseStatuses ?? [])}");
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
        var (silver, goldPresent) = PlanCutoffs(state);
        var plan = string.Join(';', state.Builds.ConvertAll(b => string.Create(CultureInfo.InvariantCulture, $"{b.Cutoff:yyyy-MM-dd}/{b.Horizon}")));
        plan += EarlyPlan(state);

        // The silver fingerprint catches a warehouse rebuilt from the same files; the gold check one whose gold was dropped.
        state.FeaturesKey = StageCache.Hash(state.IngestKey, silver, plan, StageCache.CodeVersion());
        var parquet = OutputPath("features.parquet");
        Stage("features", state.FeaturesKey, goldPresent && _cache.IsFresh("features", state.FeaturesKey, parquet), progress =>
        {
            // The stage's peak is DuckDB's limit plus the process's own arrays: one ceiling below the general default for
            // the whole stage, never changed inside it (a change flushes DuckDB's allocator and its pool is faulted in
            // again; docs/pipeline.md). A user's PATRON_MEMORY_LIMIT wins over the ceiling.
            using var connection = WarehouseFile.Open(_options.WarehousePath, memoryLimit: WarehouseFile.CappedMemoryLimit(WarehouseFile.FeaturesLimitCeilingBytes));
            var details = new List<string>();
            details.AddRange(state.HasPurchases ? BuildCustomerGold(connection, state, parquet, progress) : ["no purchases: no customer features"]);
            if (state.Sessions is { } kind)
            {
                // The customer side's arrays (the kernel's, the population's, the lifetime fits') are dead by now: hand
                // their memory back before the session gold fills DuckDB's buffer pool, rather than hold both at once.
                ReleaseMemory(progress);
                details.Add(BuildSessionGold(connection, kind, state.ScoringCutoff, progress));
            }

            return string.Join("; ", details);
        }, string.Create(CultureInfo.InvariantCulture, $"scoring cutoff {state.ScoringCutoff:yyyy-MM-dd}"));
        if (state.HasPurchases)
        {
            state.Outputs["features"] = parquet;
        }
    }

    /// <summary>The customer side of the features stage: every cutoff's build, the lifetime outputs, the early cohort and
    /// features.parquet; returns the stage's details.</summary>
    private List<string> BuildCustomerGold(Patron.DuckDb.DuckDbConnection connection, RunState state, string parquet, IProgress<string> progress)
    {
        var details = new List<string>();
        long customers = 0;
        for (var i = 0; i < state.Builds.Count; i++)
        {
            var (cutoff, h) = state.Builds[i];
            var last = i == state.Builds.Count - 1;
            progress.Report(string.Create(CultureInfo.InvariantCulture, $"cutoff {cutoff:yyyy-MM-dd}, labels over {h} days ({i + 1}/{state.Builds.Count})"));
            var result = FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = cutoff, HorizonDays = h, Kpis = last, InCustomerOrder = last },
                new PrefixedProgress(progress, string.Create(CultureInfo.InvariantCulture, $"{cutoff:yyyy-MM-dd}: ")));
            customers = result.Customers;
        }

        if (WantsCustomerTasks)
        {
            BuildLifetime(connection, state.Builds, details, progress);
        }

        BuildEarly(connection, state, details, progress);

        var rows = GoldExport.Export(connection, GoldTables.CustomerFeatures, parquet, state.ScoringCutoff);
        details.Add(string.Create(CultureInfo.InvariantCulture,
            $"{state.Builds.Count} builds; {customers:N0} customers at the scoring cutoff {state.ScoringCutoff:yyyy-MM-dd}; {rows:N0} rows in features.parquet"));
        return details;
    }

    /// <summary>Reads from the warehouse what the stages after ingest need: whether it holds purchases and sessions, the
    /// cutoffs and the feature builds; returns silver's fingerprint and whether the gold of that plan is present.</summary>
    private (string Silver, bool GoldPresent) PlanCutoffs(RunState state)
    {
        var horizon = _options.HorizonDays;
        string silver;
        bool goldPresent;
        using (var connection = WarehouseFile.Open(_options.WarehousePath, readOnly: true))
        {
            state.HasPurchases = FeatureStore.LastPurchase(connection) is not null;
            state.Sessions = WantsSessions ? SessionData(connection) : null;

            // Session data alone (shopper sessions, say) still feeds session_purchase; without it the error stays.
            if (_options.Cutoff is { } asked && state.HasPurchases && asked > LastPurchaseDay(connection).AddDays(1))
            {
                // Past the data every label window is empty: all customers would look churned, and the models fail late.
                var after = LastPurchaseDay(connection).AddDays(1);
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"--cutoff {asked:yyyy-MM-dd} is after the data: the last purchase is on {after.AddDays(-1):yyyy-MM-dd}, so the latest scoring cutoff is {after:yyyy-MM-dd} (the default). Choose a cutoff on or before it."));
            }

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
            goldPresent = goldPresent && EarlyGoldPresent(connection, state);
        }

        return (silver, goldPresent);
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

        // One read of the purchase days serves every cutoff's summary.
        var failures = LifetimeScores.Build(connection, cutoffs, horizons,
            cutoff => progress.Report(string.Create(CultureInfo.InvariantCulture, $"lifetime models at {cutoff:yyyy-MM-dd}")));
        foreach (var failure in failures)
        {
            if (failure is not null)
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
