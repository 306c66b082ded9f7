using System.Globalization;
using System.Text;
using Patron.Learning.Campaigns;
using Patron.Pipeline.Data;

namespace Patron.Pipeline.Campaigns;

/// <summary>The campaigns file of <c>patron run --campaigns FILE</c>: a CSV with the header <c>name,start,end</c> (in
/// any order, any case) and one campaign per line, dates as yyyy-MM-dd, both days included.</summary>
public static class CampaignFile
{
    /// <summary>Reads the file; a missing column, a bad date, an end before the start, an empty or repeated name is an
    /// error naming the file, the line and the column.</summary>
    public static IReadOnlyList<CampaignWindow> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"--campaigns: no campaigns file at {path}.", path);
        }

        using var reader = new StreamReader(path, Encoding.UTF8);
        var header = reader.ReadLine();
        if (header is null)
        {
            throw new InvalidDataException($"{path}, line 1: the file is empty; expected the header 'name,start,end'.");
        }

        var names = CsvLine.Split(header.TrimStart('\uFEFF'), path, 1);
        int name = -1, start = -1, end = -1;
        for (var j = 0; j < names.Count; j++)
        {
            switch (names[j].Trim().ToLowerInvariant())
            {
                case "name": name = j; break;
                case "start": start = j; break;
                case "end": end = j; break;
            }
        }

        if (name < 0 || start < 0 || end < 0)
        {
            throw new InvalidDataException($"{path}, line 1: expected the columns name, start and end, got '{header}'.");
        }

        var campaigns = new List<CampaignWindow>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (lineNumber, fields) in CsvLine.Records(reader, path, names.Count))
        {
            var campaign = fields[name].Trim();
            if (campaign.Length == 0)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{path}, line {lineNumber}, column name: the campaign has no name."));
            }

            if (!seen.Add(campaign))
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{path}, line {lineNumber}, column name: campaign '{campaign}' is listed twice."));
            }

            var from = Date(fields[start], path, lineNumber, "start");
            var to = Date(fields[end], path, lineNumber, "end");
            if (to < from)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"{path}, line {lineNumber}, column end: campaign '{campaign}' ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})."));
            }

            campaigns.Add(new CampaignWindow(campaign, from, to));
        }

        return campaigns;
    }

    private static DateOnly Date(string text, string path, int line, string column) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{path}, line {line}, column {column}: expected a date as yyyy-MM-dd, got '{text}'."));
}
