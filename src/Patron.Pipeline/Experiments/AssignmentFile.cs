using System.Text;
using Patron.Pipeline.Data;

namespace Patron.Pipeline.Experiments;

/// <summary>The assignment file of an experiment: a header <c>customer_id,variant</c> and one line per customer.</summary>
public static class AssignmentFile
{
    /// <summary>Writes the assignment, ids quoted where they hold a comma or a quote.</summary>
    public static void Write(string path, IReadOnlyList<string> ids, IReadOnlyList<string> variants)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(variants);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.NewLine = "\n";
        writer.WriteLine("customer_id,variant");
        for (var i = 0; i < ids.Count; i++)
        {
            writer.Write(Quote(ids[i]));
            writer.Write(',');
            writer.WriteLine(Quote(variants[i]));
        }
    }

    /// <summary>Reads an assignment file; a malformed line, an empty field or a customer listed twice is an error naming the line.</summary>
    public static (string[] Ids, string[] Variants) Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No assignment file at {path}.", path);
        }

        var ids = new List<string>();
        var variants = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var reader = new StreamReader(path, Encoding.UTF8);
        var header = reader.ReadLine();
        if (header is null || !string.Equals(header.Trim().TrimStart('\uFEFF'), "customer_id,variant", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}, line 1: expected the header 'customer_id,variant'.");
        }

        foreach (var (lineNumber, fields) in CsvLine.Records(reader, path))
        {
            if (fields.Count != 2 || fields[0].Length == 0 || fields[1].Length == 0)
            {
                throw new InvalidDataException($"{path}, line {lineNumber}: expected two non-empty fields, customer_id and variant.");
            }

            if (!seen.Add(fields[0]))
            {
                throw new InvalidDataException($"{path}, line {lineNumber}: customer '{fields[0]}' is assigned twice.");
            }

            ids.Add(fields[0]);
            variants.Add(fields[1]);
        }

        return ([.. ids], [.. variants]);
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
