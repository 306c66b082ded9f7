using System.Globalization;
using Patron.Pipeline.Tasks;

namespace Patron.Pipeline.Output;

/// <summary>Writes <c>session_predictions.csv</c> (docs/run-folder.md): one row per session of the out-of-time window,
/// with its purchase probability and three reasons in words, sessions in time order.</summary>
internal static class SessionPredictionsWriter
{
    public const string FileName = "session_predictions.csv";

    /// <summary>The header, fixed for both kinds of session data.</summary>
    public static readonly string[] Header = ["session_id", "customer_id", "started_at", "month", "purchase_probability", "reason_1", "reason_2", "reason_3"];

    /// <summary>Writes the file into <paramref name="runFolder"/> and returns its path; the rows are formatted on every
    /// core (<see cref="CsvBlocks"/>), the bytes those of one line after another.</summary>
    public static string Write(SessionOutcome outcome, string runFolder)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var path = Path.Combine(runFolder, FileName);
        var frame = outcome.Frame;
        CsvBlocks.Write(path, string.Join(',', Header), outcome.Window.Length, (k, line) =>
        {
            var i = outcome.Window[k];
            var reasons = outcome.Reasons[k];
            line.AppendQuoted(frame.Ids[i]).Append(',').AppendQuoted(frame.CustomerIds[i]).Append(',');
            if (frame.StartedAt[i] is { } at)
            {
                line.Append(CultureInfo.InvariantCulture, $"{at:yyyy-MM-dd HH:mm:ss}");
            }

            line.Append(',');
            if (frame.Months[i] > 0)
            {
                line.Append(frame.Months[i]);
            }

            line.Append(',').AppendNumber(outcome.Probabilities[k])
                .Append(',').AppendQuoted(reasons[0])
                .Append(',').AppendQuoted(reasons[1])
                .Append(',').AppendQuoted(reasons[2]);
        });
        return path;
    }
}
