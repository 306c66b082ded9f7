using System.Text;
using Patron.Pipeline.Data;

namespace Patron.Pipeline.Experiments;

/// <summary>Churn risk bands from a run's predictions.csv, and the strata of an assignment: segment × risk band, so each
/// arm gets its share of high-, medium- and low-risk customers of every segment.</summary>
public static class RiskBands
{
    /// <summary>The band of a customer the run did not score.</summary>
    public const string Unscored = "unscored";

    /// <summary>Each customer's <c>churn_risk_band</c> in <paramref name="runFolder"/>/predictions.csv.</summary>
    /// <exception cref="FileNotFoundException">The folder has no predictions.csv.</exception>
    /// <exception cref="InvalidDataException">The file has no churn_risk_band column, or a line is malformed (named).</exception>
    public static Dictionary<string, string> Read(string runFolder)
    {
        var path = Path.Combine(runFolder, "predictions.csv");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No predictions.csv in {runFolder}: pass the folder of a 'patron run' that predicted churn.", path);
        }

        using var reader = new StreamReader(path, Encoding.UTF8);
        var header = CsvLine.Split(reader.ReadLine() ?? "", path, 1);
        var id = header.IndexOf("customer_id");
        var band = header.IndexOf("churn_risk_band");
        if (id < 0 || band < 0)
        {
            throw new InvalidDataException($"{path}, line 1: expected the columns customer_id and churn_risk_band (a run that predicted churn).");
        }

        var bands = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, fields) in CsvLine.Records(reader, path, header.Count))
        {
            bands[fields[id]] = fields[band].Length == 0 ? Unscored : fields[band];
        }

        return bands;
    }

    /// <summary>The stratum of each customer: the segment, and with <paramref name="bands"/> the risk band too.</summary>
    public static string[] Strata(IReadOnlyList<string> ids, IReadOnlyList<string> segments, IReadOnlyDictionary<string, string>? bands)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(segments);
        var strata = new string[ids.Count];
        for (var i = 0; i < strata.Length; i++)
        {
            strata[i] = bands is null ? segments[i] : segments[i] + " | " + (bands.TryGetValue(ids[i], out var b) ? b : Unscored);
        }

        return strata;
    }
}
