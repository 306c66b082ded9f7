using Patron.Warehouse.Ingest;

namespace Patron.Warehouse.Sources;

/// <summary>Finds a source's files in a folder: exact name, any letter case, optionally gzip-compressed.</summary>
public static class SourceFiles
{
    public static string? Find(string folder, SourceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (File.Exists(folder))
        {
            // A single file given directly stands for the declared file it matches (see MatchSingle).
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
            if (NameMatches(name, file))
            {
                if (match is not null && !string.Equals(match, candidate, StringComparison.Ordinal))
                {
                    throw new InputException(folder, null, null,
                        $"two files could be {file.FileName}: '{Path.GetFileName(match)}' and '{name}'; keep one");
                }

                match = candidate;
            }
        }

        return match;
    }

    /// <summary>
    /// Which declared file a single given file is: the one its name matches, else the one whose header (or, for
    /// header-less whitespace files, field count) fits; null when none does.
    /// </summary>
    public static SourceFile? MatchSingle(string path, IReadOnlyList<SourceFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var name = Path.GetFileName(path);
        foreach (var file in files)
        {
            if (NameMatches(name, file))
            {
                return file;
            }
        }

        foreach (var file in files)
        {
            if (HeaderFits(path, file))
            {
                return file;
            }
        }

        return null;
    }

    /// <summary>Whether the file's first line fits the declaration; unreadable files do not fit.</summary>
    public static bool HeaderFits(string path, SourceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        try
        {
            if (file.Layout == FileLayout.Whitespace)
            {
                return WhitespaceHeader.Analyze(file, WhitespaceHeader.FirstLineFields(path, Path.GetFileName(path))) is not null;
            }

            var header = CsvHeader.Read(path, Path.GetFileName(path), file.Delimiter);
            return HeaderMatch.Missing(file, header).Count == 0;
        }
        catch (InputException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool NameMatches(string name, SourceFile file)
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
