namespace Patron.Warehouse.Ingest;

/// <summary>How to read dates written with slashes (<c>12/1/2010</c>): decided from the data, or stated by the user.</summary>
public enum DateOrder
{
    /// <summary>Pick the one format that reads every value; fail when both month-first and day-first do.</summary>
    Auto,

    /// <summary>Month first, as in the UCI Online Retail original (<c>12/1/2010 8:26</c> is 1 December).</summary>
    MonthFirst,

    /// <summary>Day first (<c>1/12/2010 8:26</c> is 1 December).</summary>
    DayFirst,
}
