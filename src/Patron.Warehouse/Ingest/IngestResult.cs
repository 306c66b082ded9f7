namespace Patron.Warehouse.Ingest;

/// <summary>The outcome of <see cref="Ingestor.Ingest"/>.</summary>
public sealed record IngestResult(
    string Source,
    string IngestId,
    IReadOnlyList<IngestedFile> Files,
    IReadOnlyList<RejectedRow> RejectSamples,
    SilverCounts Silver)
{
    /// <summary>True when every file had been ingested before: the warehouse was not changed.</summary>
    public bool NothingNew
    {
        get
        {
            foreach (var file in Files)
            {
                if (file.Status != IngestedFile.Skipped)
                {
                    return false;
                }
            }

            return true;
        }
    }

    public long RowsLoaded
    {
        get
        {
            long total = 0;
            foreach (var file in Files)
            {
                total += file.RowsLoaded;
            }

            return total;
        }
    }

    public long RowsRejected
    {
        get
        {
            long total = 0;
            foreach (var file in Files)
            {
                total += file.RowsRejected;
            }

            return total;
        }
    }
}
