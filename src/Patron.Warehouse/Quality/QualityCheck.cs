namespace Patron.Warehouse.Quality;

/// <summary>One quality check: what it looks for, the rule it applies and what silver does with what it finds.</summary>
/// <param name="Name">Stable key (used in JSON and tests), e.g. <c>exact_duplicates</c>.</param>
/// <param name="Title">Short human title.</param>
/// <param name="Rule">The exact rule, as the report states it.</param>
/// <param name="Resolution">What silver does with the rows found.</param>
public sealed record QualityCheck(string Name, string Title, string Rule, string Resolution);
