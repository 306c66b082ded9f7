using System.Globalization;
using Patron.DuckDb;
using Patron.Features.Frames;
using Patron.Features.Sessions;
using Patron.Features.Store;
using Patron.Pipeline.Data;
using Patron.Pipeline.Output;
using Patron.Pipeline.Tasks;

namespace Patron.Pipeline;

/// <summary>The session side of a run: session gold in the features stage, the <c>session_purchase</c> task in the
/// models stage, and what a warehouse without purchases (shopper sessions only) can still do.</summary>
public sealed partial class PipelineRunner
{
    private const string NoPurchases =
        "the warehouse has no purchases (silver orders), so there are no customers to learn from (session data alone feeds only session_purchase)";

    private bool WantsSessions => _options.Tasks.Contains(SessionTaskRunner.TaskName, StringComparer.Ordinal);

    /// <summary>The session data the task uses: timed web sessions when there are any, else shopper sessions, else none.</summary>
    private static SessionKind? SessionData(DuckDbConnection connection) =>
        SessionFeatureBuilder.CountSilver(connection, SessionKind.Web) > 0 ? SessionKind.Web
        : SessionFeatureBuilder.CountSilver(connection, SessionKind.Shopper) > 0 ? SessionKind.Shopper
        : null;

    /// <summary>The scoring cutoff of a warehouse without purchases: the day after the last dated session, else the run's day.</summary>
    private DateOnly CutoffWithoutPurchases(DuckDbConnection connection)
    {
        var last = FeatureStore.LastSessionStart(connection);
        return last is { } l ? DateOnly.FromDateTime(l).AddDays(1) : DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
    }

    /// <summary>Builds the session gold the task reads: web sessions started before the scoring cutoff, or every shopper session.</summary>
    private static string BuildSessionGold(DuckDbConnection connection, SessionKind kind, DateOnly scoring, IProgress<string> progress)
    {
        var result = kind == SessionKind.Web
            ? SessionFeatureBuilder.Build(connection, new SessionBuildOptions { To = scoring.ToDateTime(TimeOnly.MinValue) }, progress)
            : SessionFeatureBuilder.BuildShoppers(connection, progress);
        return kind == SessionKind.Web
            ? string.Create(CultureInfo.InvariantCulture, $"{result.Sessions:N0} web sessions ({result.Purchases:N0} with a purchase, {result.KnownVisitors:N0} of known customers) before {scoring:yyyy-MM-dd}")
            : string.Create(CultureInfo.InvariantCulture, $"{result.Sessions:N0} shopper sessions ({result.Purchases:N0} with a purchase)");
    }

    /// <summary>Runs <c>session_purchase</c>, or records why it cannot run.</summary>
    private SessionOutcome? RunSessionTask(RunState state, IProgress<string> progress)
    {
        string? reason;
        SessionOutcome? outcome = null;
        if (state.Sessions is not { } kind)
        {
            reason = "the warehouse has no sessions (silver sessions and shopper sessions are empty)";
        }
        else
        {
            var testFrom = state.ScoringCutoff.AddDays(-_options.HorizonDays).ToDateTime(TimeOnly.MinValue);
            SessionFrame frame;

            // The warehouse is open only while the sessions are read, so DuckDB's buffers are gone before the fits.
            using (var connection = OpenWarehouse())
            {
                frame = kind == SessionKind.Web
                    ? SessionFrame.LoadWeb(connection, state.ScoringCutoff.ToDateTime(TimeOnly.MinValue), testFrom, SessionTaskRunner.FitCap(_options.MaxTrainingRows), _options.Seed)
                    : SessionFrame.LoadShoppers(connection);
            }

            var split = kind == SessionKind.Web
                ? SessionSplit.ByTime(frame, testFrom)
                : SessionSplit.ByMonth(frame);
            if (split is null)
            {
                reason = "the shopper sessions cover a single month, so there is no later month to test out of time";
            }
            else
            {
                progress.Report(string.Create(CultureInfo.InvariantCulture, $"{SessionTaskRunner.TaskName}: {frame.TrainingSessions ?? split.Train.Length:N0} training sessions ({split.Train.Length:N0} loaded) and {split.Test.Length:N0} test sessions, {split.Description}"));
                outcome = SessionTaskRunner.Run(frame, split, _options, progress, out reason);
            }
        }

        if (outcome is null)
        {
            state.SkippedTasks[SessionTaskRunner.TaskName] = reason!;
            progress.Report($"{SessionTaskRunner.TaskName} skipped: {reason}");
        }

        return outcome;
    }

    private void SkipCustomerTask(RunState state, string task, IProgress<string> progress)
    {
        state.SkippedTasks[task] = NoPurchases;
        progress.Report($"{task} skipped: {NoPurchases}");
    }

    /// <summary>Writes session_predictions.csv for a task that ran, and removes a stale one from an earlier run otherwise.</summary>
    private void WriteSessionOutputs(RunState state, SessionOutcome? session, IProgress<string> progress)
    {
        var path = OutputPath(SessionPredictionsWriter.FileName);
        if (session is null)
        {
            File.Delete(path);
            return;
        }

        progress.Report(string.Create(CultureInfo.InvariantCulture, $"writing {SessionPredictionsWriter.FileName} ({session.Window.Length:N0} sessions of the out-of-time window)"));
        SessionPredictionsWriter.Write(session, _folder);
        state.SessionsScored = session.Window.Length;
        state.Outputs["session predictions"] = path;
    }
}
