using Patron.Warehouse.Ingest;

namespace Patron.Warehouse.Sources;

/// <summary>Scores how well a folder matches a source's files and headers, for <c>--source auto</c>.</summary>
public static class SourceDetection
{
    /// <summary>Fraction of the source's required files that are present with every required column in their header.</summary>
    public static double ScoreByFilesAndHeaders(string folder, IReadOnlyList<SourceFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var required = 0;
        var matched = 0;
        foreach (var file in files)
        {
            if (!file.Required)
            {
                continue;
            }

            required++;
            var path = SourceFiles.Find(folder, file);
            if (path is null)
            {
                continue;
            }

            try
            {
                var header = CsvHeader.Read(path, Path.GetFileName(path), file.Delimiter);
                if (HeaderMatch.Missing(file, header).Count == 0)
                {
                    matched++;
                }
            }
            catch (InputException)
            {
                // An unreadable file does not match.
            }
            catch (IOException)
            {
                // Nor does one we cannot open.
            }
        }

        return required == 0 ? 0 : (double)matched / required;
    }
}
