using System.Globalization;
using System.Text.Json;
using Patron.Features.Dashboard;
using Patron.Pipeline.Output;
using Patron.Pipeline.Runs;
using Patron.Pipeline.Stages;
using Patron.Warehouse;

namespace Patron.Pipeline;

public sealed partial class PipelineRunner
{
    private void Kpis(RunState state)
    {
        var kpi = OutputPath("kpi");
        if (!state.HasPurchases)
        {
            Stage("kpi", "", fresh: false, _ => "no purchases in the warehouse: no KPI tables");
            return;
        }

        // The campaigns file is read before the stage, so a bad one fails the run early with its line and column.
        var campaigns = _options.Campaigns is { } campaignFile ? Campaigns.CampaignFile.Read(campaignFile) : null;
        var key = StageCache.Hash(state.FeaturesKey, "kpi", _options.Campaigns is { } f ? StageCache.HashInput(f) : "no campaigns");
        var outputs = campaigns is null
            ? new[] { Path.Combine(kpi, "monthly.csv"), Path.Combine(kpi, "cross_category.csv") }
            : [Path.Combine(kpi, "monthly.csv"), Path.Combine(kpi, "cross_category.csv"), Path.Combine(kpi, Campaigns.CampaignLiftWriter.FileName)];
        Stage("kpi", key, _cache.IsFresh("kpi", key, outputs), _ =>
        {
            using var connection = WarehouseFile.Open(_options.WarehousePath, readOnly: true);
            var files = KpiWriter.Write(connection, state.ScoringCutoff, _folder);
            var detail = string.Create(CultureInfo.InvariantCulture, $"{files.Count + 2} KPI tables");
            var lift = Path.Combine(kpi, Campaigns.CampaignLiftWriter.FileName);
            if (campaigns is null)
            {
                File.Delete(lift);
                return detail;
            }

            var estimates = Campaigns.CampaignLiftWriter.Write(kpi, campaigns);
            var estimated = estimates.Count(e => e.Note is null);
            return string.Create(CultureInfo.InvariantCulture, $"{detail}; lift of {estimated} of {estimates.Count} campaigns");
        });
        state.Outputs["kpi"] = kpi;
    }

    /// <summary>Stores the dashboard's tables for this run's predictions in the warehouse's gold (Features), stamped with
    /// the warehouse's latest ingest and the predictions file's length and write time, so <c>patron serve</c> on this
    /// warehouse and run reads them instead of building them at every start. Skipped while the stored stamp still
    /// matches.</summary>
    private void DashboardTables(RunState state)
    {
        var predictions = OutputPath("predictions.csv");
        bool fresh;
        using (var check = WarehouseFile.Open(_options.WarehousePath, readOnly: true))
        {
            fresh = !_options.Force && DashboardWarehouse.IsStored(check, File.Exists(predictions) ? predictions : null);
        }

        Stage("dashboard", "", fresh, _ =>
        {
            // Under the dashboard's ceiling: its statements run as fast under it as under the general default.
            using var connection = WarehouseFile.Open(_options.WarehousePath, memoryLimit: WarehouseFile.CappedMemoryLimit(WarehouseFile.DashboardLimitCeilingBytes));
            // The models stage wrote predictions.parquet beside the CSV from the same arrays: the typed table is read
            // from it (the same values, no text to parse).
            var parquet = OutputPath("predictions.parquet");
            var steps = DashboardWarehouse.Store(connection, File.Exists(predictions) ? predictions : null, predictionsParquet: File.Exists(parquet) ? parquet : null);
            var seconds = steps.Sum(s => s.Took.TotalSeconds);
            var read = steps.Any(s => s.Step == DashboardWarehouse.PredictionsFromParquet) ? "; predictions read from predictions.parquet" : "";
            return string.Create(CultureInfo.InvariantCulture, $"{steps.Count} statements in {seconds:0.0} s{read}");
        }, "the stored tables match the warehouse and predictions.csv");
        state.Outputs["dashboard"] = _options.WarehousePath;
    }

    /// <summary>Records the run in the MLflow-layout store: parameters, the chosen models' out-of-time metrics and the
    /// run folder's result files as artifacts. Every run is recorded, so this stage is never skipped.</summary>
    private void Record(RunState state, DateTimeOffset started)
    {
        var root = _options.RunsStore ?? OutputPath("mlruns");
        Stage("runs_store", "", fresh: false, _ =>
        {
            var store = new RunStore(root, _time);
            var experiment = store.GetOrCreateExperiment("patron-run");
            using var run = store.StartRun(experiment, string.Create(CultureInfo.InvariantCulture, $"{state.SourceName} {state.ScoringCutoff:yyyy-MM-dd}"), _options.Seed);
            run.LogParam("source", state.SourceName);
            run.LogParam("input", Path.GetFullPath(_options.Input));
            run.LogParam("scoring_cutoff", state.ScoringCutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            run.LogParam("training_cutoff", state.TrainingCutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            run.LogParam("horizon_days", _options.HorizonDays.ToString(CultureInfo.InvariantCulture));
            run.LogParam("clv_horizon_days", _options.EffectiveClvHorizon.ToString(CultureInfo.InvariantCulture));
            run.LogParam("tasks", string.Join(',', _options.Tasks));
            run.LogParam("folds", _options.Folds.ToString(CultureInfo.InvariantCulture));
            run.LogParam("cv", _options.CrossValidateEvery ? "every candidate" : "none");
            run.LogParam("boosting_rounds", _options.BoostingRounds.ToString(CultureInfo.InvariantCulture));
            run.SetTag("run_folder", _folder);
            foreach (var task in state.Tasks)
            {
                run.SetTag(task.Task + ".chosen", task.Chosen);
                if (task.BaselineKept is { } kept)
                {
                    run.SetTag(task.Task + ".baseline_kept", kept);
                }

                if (task.Value is { } v)
                {
                    run.LogMetric(task.Task + "." + task.PrimaryMetric, v);
                }

                if (task.BaselineValue is { } b)
                {
                    run.LogMetric(task.Task + ".baseline." + task.PrimaryMetric, b);
                }
            }

            foreach (var file in new[] { "metrics.json", "quality.json" })
            {
                var path = OutputPath(file);
                if (File.Exists(path))
                {
                    run.LogArtifact(file, File.ReadAllBytes(path));
                }
            }

            foreach (var model in Directory.GetFiles(OutputPath("models"), "*.json"))
            {
                run.LogArtifact("models/" + Path.GetFileName(model), File.ReadAllBytes(model));
            }

            run.End();
            state.RunId = run.RunId;
            return $"run {run.RunId} in {root}";
        });
        state.Outputs["runs store"] = root;
        _ = started;
    }

    /// <summary>Renders report.html from the run folder's files alone (docs/run-folder.md), so it always reflects
    /// what this run wrote; never skipped, it takes a fraction of a second.</summary>
    private void Report(RunState state)
    {
        var path = OutputPath("report.html");
        Stage("report", "", fresh: false, _ => Path.GetFileName(Pipeline.Report.ReportWriter.Write(_folder)));
        state.Outputs["report"] = path;
    }

    private void WriteRunJson(RunState state, DateTimeOffset started)
    {
        using var stream = File.Create(OutputPath("run.json"));
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("run_id", state.RunId);
        writer.WriteString("source", state.SourceName);
        writer.WriteString("input", Path.GetFullPath(_options.Input));
        writer.WriteString("scoring_cutoff", state.ScoringCutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        writer.WriteString("training_cutoff", state.TrainingCutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        // A run that failed before its cutoffs were set still writes run.json, without masking the failure.
        writer.WriteString("evaluation_cutoff", state.TrainingCutoff == default ? "" : state.TrainingCutoff.AddDays(-_options.HorizonDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        writer.WriteNumber("horizon_days", _options.HorizonDays);
        writer.WriteNumber("clv_horizon_days", _options.EffectiveClvHorizon);
        writer.WriteStartArray("tasks");
        foreach (var task in _options.Tasks)
        {
            writer.WriteStringValue(task);
        }

        writer.WriteEndArray();
        writer.WriteString("started_at", started.ToString("O", CultureInfo.InvariantCulture));
        writer.WriteString("finished_at", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        writer.WriteStartArray("stages");
        foreach (var stage in _stages)
        {
            writer.WriteStartObject();
            writer.WriteString("name", stage.Name);
            writer.WriteNumber("seconds", stage.Seconds);
            writer.WriteString("status", stage.Status);
            writer.WriteString("detail", stage.Detail);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("skipped_tasks");
        foreach (var (task, reason) in state.SkippedTasks)
        {
            writer.WriteString(task, reason);
        }

        writer.WriteEndObject();
        writer.WriteNumber("customers_scored", state.CustomersScored);
        writer.WriteNumber("sessions_scored", state.SessionsScored);
        writer.WriteEndObject();
        state.Outputs["run"] = OutputPath("run.json");
    }

    private RunSummary Summary(RunState state) => new()
    {
        RunId = state.RunId,
        RunFolder = _folder,
        ScoringCutoff = state.ScoringCutoff,
        TrainingCutoff = state.TrainingCutoff,
        HorizonDays = _options.HorizonDays,
        CustomersScored = state.CustomersScored,
        SessionsScored = state.SessionsScored,
        Stages = [.. _stages],
        Tasks = [.. state.Tasks],
        SkippedTasks = state.SkippedTasks,
        Outputs = state.Outputs,
    };
}
