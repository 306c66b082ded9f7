namespace Patron.Warehouse.Sources;

/// <summary>Scores how well a folder or file matches a source's files and headers, for <c>--source auto</c>.</summary>
public static class SourceDetection
{
    /// <summary>
    /// Fraction of the source's required files present with every required column in their header. A single file
    /// counts as the declared file it matches by name or header; a source needing several files then scores below 1.
    /// </summary>
    public static double ScoreByFilesAndHeaders(string path, IReadOnlyList<SourceFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var required = 0;
        foreach (var file in files)
        {
            if (file.Required)
            {
                required++;
            }
        }

        if (File.Exists(path))
        {
            var single = SourceFiles.MatchSingle(path, files);
            if (single is null || !SourceFiles.HeaderFits(path, single))
            {
                return 0;
            }

            return required <= 1 ? 1 : 1.0 / required;
        }

        var matched = 0;
        foreach (var file in files)
        {
            if (required > 0 && !file.Required)
            {
                continue;
            }

            var found = SourceFiles.Find(path, file);
            if (found is not null && SourceFiles.HeaderFits(found, file))
            {
                matched++;
            }
        }

        // A source whose files are all optional needs any one of them.
        return required == 0 ? Math.Min(matched, 1) : (double)matched / required;
    }

    /// <summary>What a source expects, for the message when detection fails: each required file and its columns.</summary>
    public static string Expectation(ISourceAdapter source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var parts = new List<string>();
        var anyRequired = false;
        foreach (var file in source.Files)
        {
            anyRequired |= file.Required;
        }

        foreach (var file in source.Files)
        {
            if (anyRequired && !file.Required)
            {
                continue;
            }

            var columns = new List<string>();
            foreach (var column in file.Columns)
            {
                if (!column.Optional)
                {
                    columns.Add(column.Name);
                }
            }

            var header = file.Layout == FileLayout.Whitespace ? "whitespace-separated, header optional" : "header";
            parts.Add($"{file.FileName} ({header}: {string.Join(",", columns)})");
        }

        return $"{source.Name} expects {string.Join(anyRequired ? " + " : " or ", parts)}";
    }
}
