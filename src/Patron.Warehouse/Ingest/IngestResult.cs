namespace Patron.Warehouse.Ingest;

/// <summary>The outcome of <see cref="Ingestor.Ingest"/>.</summary>
public sealed record IngestResult(
    string Source,
    string IngestId,
    IReadOnlyList<IngestedFile> Files,
    IReadOnlyList<RejectedRow> RejectSamples,
    SilverCounts Silver)
{
    /// <summary>True when silver resolved only the rows this ingest brought, appending them (see
    /// <see cref="Silver.SilverBuilder.TryAppend"/>), false when the source's silver rows were resolved again in full.</summary>
    public bool Appended { get; init; }

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
