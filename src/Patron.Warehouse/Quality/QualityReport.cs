namespace Patron.Warehouse.Quality;

/// <summary>The data-quality report of a warehouse: every check with what it found and what silver did about it.</summary>
public sealed record QualityReport(DateTime CheckedAt, IReadOnlyList<string> Sources, IReadOnlyList<QualityFinding> Findings, IReadOnlyList<QualityCheck> Checks)
{
    /// <summary>Total rows found by <paramref name="check"/> across entities and sources.</summary>
    public long Count(string check, string? entity = null)
    {
        long total = 0;
        foreach (var finding in Findings)
        {
            if (finding.Check == check && (entity is null || finding.Entity == entity))
            {
                total += finding.AffectedRows;
            }
        }

        return total;
    }
}
