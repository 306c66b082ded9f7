using System.CommandLine;
using System.Globalization;
using Patron.Pipeline;
using Spectre.Console;

namespace Patron.Cli.Commands;

/// <summary>
/// <c>patron run</c>: the whole pipeline on one export — ingest, quality, features, models per task, predictions,
/// KPIs, the runs store and the report — into one run folder (docs/pipeline.md, docs/run-folder.md).
/// </summary>
internal static class RunCommand
{
    public const string DefaultConfigFile = "patron.yaml";

    public static Command Create()
    {
        var path = new Argument<string?>("PATH") { Description = "The export to analyse: a folder or a file (or 'input' in patron.yaml).", Arity = ArgumentArity.ZeroOrOne };
        var source = new Option<string?>("--source") { Description = "Source kind: generic, olist, online-retail, sessions, shoppers, cdnow or auto (default auto)." };
        var cutoff = new Option<string?>("--cutoff") { Description = "Scoring cutoff yyyy-MM-dd (default: the day after the last purchase)." };
        var horizon = new Option<string?>("--horizon") { Description = "Label horizon: 90d (default), 13w, 1y." };
        var clvHorizon = new Option<string?>("--clv-horizon") { Description = "Horizon of the CLV target (default: the label horizon; 365d for a yearly value)." };
        var tasks = new Option<string?>("--tasks") { Description = "Comma-separated tasks: churn,repeat,high_value,clv,early_high_value,session_purchase (default all)." };
        var output = new Option<string?>("--out") { Description = "Run folder (default patron-run)." };
        var db = new Option<string?>("--db") { Description = "Warehouse file (default: patron.duckdb in the run folder)." };
        var folds = new Option<int?>("--folds") { Description = "Cross-validation folds (default 3)." }.AtLeast(2);
        var rounds = new Option<int?>("--rounds") { Description = "Boosting rounds (default 200)." }.AtLeast(1);
        var maxRows = new Option<int?>("--max-train-rows") { Description = "Most rows a model fits on; larger training sets are sampled, stratified by label (default 500000; 0 = all)." }.AtLeast(0);
        var seed = new Option<long?>("--seed") { Description = "Seed of every random step (default 42)." };
        var config = new Option<string?>("--config") { Description = $"Settings file (default {DefaultConfigFile} in the working directory when present); flags win." };
        var force = new Option<bool>("--force") { Description = "Redo every stage even when its inputs did not change." };
        var campaigns = new Option<string?>("--campaigns") { Description = "Campaigns file (CSV: name,start,end); the report estimates each one's lift in daily revenue." };
        var cv = new Option<bool>("--cv") { Description = "Cross-validate every candidate (default: none; the out-of-time split decides)." };
        var publish = new Option<string?>("--publish") { Description = "Publish the run's profiles to a Redis store (redis://HOST:PORT or unix:///PATH) after the run, as patron serve --publish does." };
        var ingest = new IngestFlags("Ingest: ");
        var json = CommonOptions.Json();
        var command = new Command("run", "Run the whole pipeline on an export: features, models per task, predictions per customer and the report.")
        {
            path, source, cutoff, horizon, clvHorizon, tasks, output, db, folds, rounds, maxRows, seed, config, force, cv,
        };
        command.Options.Add(campaigns);
        command.Options.Add(publish);
        foreach (var option in ingest.All)
        {
            command.Options.Add(option);
        }

        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var publishTo = parse.GetValue(publish);
            if (publishTo is not null && !Patron.Server.Store.RedisAddress.IsRedis(publishTo))
            {
                throw new ArgumentException($"--publish: expected a Redis store as redis://HOST:PORT or unix:///PATH, got '{publishTo}'.");
            }

            var configPath = parse.GetValue(config) ?? (File.Exists(DefaultConfigFile) ? DefaultConfigFile : null);
            var file = configPath is null ? new PipelineConfig() : PipelineConfig.Load(configPath);
            var input = parse.GetValue(path) ?? file.Input
                ?? throw new ArgumentException("Name the export to analyse: patron run --source KIND PATH (or 'input' in patron.yaml).");
            var options = new PipelineOptions
            {
                Source = parse.GetValue(source) ?? file.Source ?? "auto",
                Input = input,
                OutputDirectory = parse.GetValue(output) ?? file.Out ?? "patron-run",
                Warehouse = parse.GetValue(db) ?? file.Warehouse,
                Cutoff = parse.GetValue(cutoff) is { } c ? ParseDate(c) : file.Cutoff,
                HorizonDays = parse.GetValue(horizon) is { } h ? PipelineConfig.ParseDays(h, "--horizon") : file.HorizonDays ?? 90,
                ClvHorizonDays = parse.GetValue(clvHorizon) is { } ch ? PipelineConfig.ParseDays(ch, "--clv-horizon") : file.ClvHorizonDays,
                Tasks = parse.GetValue(tasks) is { } t ? PipelineConfig.ParseTasks(t) : file.Tasks ?? PipelineOptions.AllTasks,
                Folds = parse.GetValue(folds) ?? file.Folds ?? 3,
                CrossValidateEvery = parse.GetValue(cv) || (file.CrossValidateEvery ?? false),
                BoostingRounds = parse.GetValue(rounds) ?? file.Rounds ?? 200,
                MaxTrainingRows = parse.GetValue(maxRows) ?? file.MaxTrainingRows ?? PipelineOptions.DefaultMaxTrainingRows,
                Seed = parse.GetValue(seed) ?? file.Seed ?? 42,
                RunsStore = file.RunsStore,
                Force = parse.GetValue(force),
                Ingest = ingest.Read(parse, file),
                Campaigns = parse.GetValue(campaigns) ?? file.Campaigns,
            };
            // The early-high-value labels look a year ahead unless a horizon was given.
            options = options with { EarlyHorizonDays = parse.GetValue(horizon) is null && file.HorizonDays is null ? null : options.HorizonDays };
            var quiet = parse.GetValue(json);
            var summary = Execute(options, quiet);
            if (publishTo is not null)
            {
                ServeCommand.Publish(options.OutputDirectory, publishTo);
            }

            if (quiet)
            {
                Output.WriteJson(summary);
            }
            else
            {
                Print(summary);
            }

            return 0;
        });
        return command;
    }

    /// <summary>Runs the pipeline with live progress per stage (plain lines when redirected, nothing when quiet).</summary>
    internal static RunSummary Execute(PipelineOptions options, bool quiet)
    {
        if (quiet)
        {
            return new PipelineRunner(options).Run();
        }

        if (Console.IsOutputRedirected)
        {
            return new PipelineRunner(options, new LineProgress(p => Console.Error.WriteLine($"{p.Stage}: {p.Message}"))).Run();
        }

        RunSummary summary = null!;
        AnsiConsole.Status().Start("starting", context =>
        {
            summary = new PipelineRunner(options, new LineProgress(p =>
            {
                context.Status($"{p.Stage}: {Markup.Escape(p.Message)}");
                AnsiConsole.MarkupLine($"[grey]{Markup.Escape(p.Stage)}:[/] {Markup.Escape(p.Message)}");
            })).Run();
        });
        return summary;
    }

    /// <summary>What the run scored, in words: customers, sessions or both.</summary>
    internal static string Scored(RunSummary summary) => (summary.CustomersScored, summary.SessionsScored) switch
    {
        (> 0, > 0) => string.Create(CultureInfo.InvariantCulture, $"{summary.CustomersScored:N0} customers and {summary.SessionsScored:N0} sessions scored"),
        (0, > 0) => string.Create(CultureInfo.InvariantCulture, $"{summary.SessionsScored:N0} sessions scored"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{summary.CustomersScored:N0} customers scored"),
    };

    /// <summary>The final summary: stages, the chosen model of each task against its baseline, and the outputs.</summary>
    internal static void Print(RunSummary summary)
    {
        Output.WriteTable(string.Create(CultureInfo.InvariantCulture, $"stages (scoring cutoff {summary.ScoringCutoff:yyyy-MM-dd}, training cutoff {summary.TrainingCutoff:yyyy-MM-dd})"),
            ["stage", "status", "seconds", "detail"],
            summary.Stages.Select(s => (IReadOnlyList<object?>)[s.Name, s.Status, s.Seconds.ToString("0.0", CultureInfo.InvariantCulture), s.Detail]));
        Output.WriteTable(string.Create(CultureInfo.InvariantCulture, $"models ({Scored(summary)}; out-of-time metrics)"),
            ["task", "chosen", "metric", "value", "baseline", "baseline value", "second metric", "value "],
            summary.Tasks.Select(t => (IReadOnlyList<object?>)[t.Task, t.Chosen, t.PrimaryMetric, Format(t.Value), t.Baseline, Format(t.BaselineValue), t.SecondaryMetric, Format(t.SecondaryValue)]));
        foreach (var task in summary.Tasks)
        {
            if (task.BaselineKept is { } kept)
            {
                AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(task.Task)}: {Markup.Escape(kept)}[/]");
            }
        }

        foreach (var (task, reason) in summary.SkippedTasks)
        {
            AnsiConsole.MarkupLine($"[grey]{Markup.Escape(task)} skipped: {Markup.Escape(reason)}[/]");
        }

        Output.WriteTable("outputs", ["output", "path"], summary.Outputs.Select(o => (IReadOnlyList<object?>)[o.Key, o.Value]));
    }

    private static string Format(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "";

    private static DateOnly ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ArgumentException($"--cutoff: expected a date as yyyy-MM-dd, got '{text}'.");

    /// <summary>Reports on the calling thread, so lines keep their order.</summary>
    private sealed class LineProgress(Action<PipelineProgress> report) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => report(value);
    }
}
