namespace Patron.Warehouse.Sources;

/// <summary>Finds a source's files in a folder: exact name, any letter case, optionally gzip-compressed.</summary>
public static class SourceFiles
{
    public static string? Find(string folder, SourceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (File.Exists(folder))
        {
            // A single file given directly: it stands for a source with one file.
            return null;
        }

        if (!Directory.Exists(folder))
        {
            return null;
        }

        string? match = null;
        foreach (var candidate in Directory.EnumerateFiles(folder))
        {
            var name = Path.GetFileName(candidate);
            if (Matches(name, file))
            {
                if (match is not null && !string.Equals(match, candidate, StringComparison.Ordinal))
                {
                    throw new Ingest.InputException(folder, null, null,
                        $"two files could be {file.FileName}: '{Path.GetFileName(match)}' and '{name}'; keep one");
                }

                match = candidate;
            }
        }

        return match;
    }

    private static bool Matches(string name, SourceFile file)
    {
        foreach (var accepted in file.AcceptedNames)
        {
            if (string.Equals(name, accepted, StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, accepted + ".gz", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
