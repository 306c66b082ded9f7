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

    /// <summary>Writes the file into <paramref name="runFolder"/> and returns its path.</summary>
    public static string Write(SessionOutcome outcome, string runFolder)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var path = Path.Combine(runFolder, FileName);
        var frame = outcome.Frame;
        using var writer = CsvText.Create(path);
        writer.WriteLine(string.Join(',', Header));
        for (var k = 0; k < outcome.Window.Length; k++)
        {
            var i = outcome.Window[k];
            var reasons = outcome.Reasons[k];
            writer.WriteLine(string.Join(',',
                CsvText.Quote(frame.Ids[i]),
                CsvText.Quote(frame.CustomerIds[i]),
                frame.StartedText(i),
                frame.Months[i] > 0 ? frame.Months[i].ToString(CultureInfo.InvariantCulture) : "",
                JsonNumbers.Cell(outcome.Probabilities[k]),
                CsvText.Quote(reasons[0]),
                CsvText.Quote(reasons[1]),
                CsvText.Quote(reasons[2])));
        }

        return path;
    }
}
