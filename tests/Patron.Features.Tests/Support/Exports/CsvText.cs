using System.Text;

namespace Patron.Features.Tests.Support.Exports;

/// <summary>Splits CSV text into records as written (a quoted field may span lines) and a record into its fields.</summary>
internal static class CsvText
{
    /// <summary>The records of a file, each as its raw text without the line break.</summary>
    public static List<string> Records(string path)
    {
        var text = File.ReadAllText(path);
        var records = new List<string>();
        var quoted = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == '\n' && !quoted)
            {
                records.Add(text[start..i].TrimEnd('\r'));
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            records.Add(text[start..].TrimEnd('\r'));
        }

        return records;
    }

    /// <summary>The unquoted value of each field of one record.</summary>
    public static List<string> Fields(string record)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < record.Length; i++)
        {
            var c = record[i];
            if (c == '"')
            {
                if (quoted && i + 1 < record.Length && record[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
