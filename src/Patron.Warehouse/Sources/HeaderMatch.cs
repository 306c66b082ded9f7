namespace Patron.Warehouse.Sources;

/// <summary>Compares a file's header with the columns its source declares.</summary>
public static class HeaderMatch
{
    /// <summary>Declared columns absent from the header (matched without regard to letter case).</summary>
    public static IReadOnlyList<string> Missing(SourceFile file, IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(header);
        var missing = new List<string>();
        foreach (var column in file.Columns)
        {
            if (column.Optional)
            {
                continue;
            }

            var found = false;
            foreach (var name in header)
            {
                if (column.Matches(name))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                missing.Add(column.Name);
            }
        }

        return missing;
    }
}
