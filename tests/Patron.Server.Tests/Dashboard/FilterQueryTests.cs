using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Patron.Server.Dashboard;

namespace Patron.Server.Tests.Dashboard;

public sealed class FilterQueryTests
{
    private static readonly FilterChoices Choices = new(["Champions", "Can't lose"], ["DE"], ["email", "paid search"], new DateOnly(2024, 1, 3), new DateOnly(2026, 9, 30));

    private static QueryCollection Query(params (string Key, string Value)[] pairs) =>
        new(pairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => new StringValues(g.Select(p => p.Value).ToArray())));

    [Fact]
    public void Parse_NoValues_LastTwelveMonthsOfOrdersAndEveryCustomer()
    {
        var errors = new List<string>();
        var filter = FilterQuery.Parse(Query(), Choices, errors);
        Assert.Empty(errors);
        Assert.Equal(new DateOnly(2026, 9, 30), filter.To);
        Assert.Equal(new DateOnly(2025, 10, 1), filter.From);
        Assert.Null(filter.Segment);
        Assert.False(filter.NarrowsCustomers);
    }

    [Fact]
    public void Parse_EveryKey_ReadsEachAndRoundTripsThroughTheUrl()
    {
        var errors = new List<string>();
        var filter = FilterQuery.Parse(Query(("from", "2025-02-01"), ("to", "2025-03-31"), ("segment", "Can't lose"), ("country", "DE"), ("channel", "paid search")), Choices, errors);
        Assert.Empty(errors);
        Assert.Equal(new DateOnly(2025, 2, 1), filter.From);
        Assert.Equal(new DateOnly(2025, 3, 31), filter.To);
        Assert.Equal("Can't lose", filter.Segment);
        Assert.Equal("DE", filter.Country);
        Assert.Equal("paid search", filter.Channel);
        Assert.True(filter.NarrowsCustomers);

        var url = FilterQuery.ToQuery(filter, ("sort", "clv"));
        Assert.Equal("?from=2025-02-01&to=2025-03-31&segment=Can%27t%20lose&country=DE&channel=paid%20search&sort=clv", url);
        var again = FilterQuery.Parse(new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(url)), Choices, errors);
        Assert.Equal(filter, again);
    }

    [Theory]
    [InlineData("from", "2025-13-01", "from must be a date as yyyy-MM-dd.")]
    [InlineData("to", "yesterday", "to must be a date as yyyy-MM-dd.")]
    public void Parse_BadDate_ListsTheErrorAndUsesTheDefault(string key, string value, string error)
    {
        var errors = new List<string>();
        var filter = FilterQuery.Parse(Query((key, value)), Choices, errors);
        Assert.Equal([error], errors);
        Assert.Equal(new DateOnly(2026, 9, 30), filter.To);
    }

    [Fact]
    public void Parse_FromAfterTo_ListsTheErrorAndShowsTheLastYear()
    {
        var errors = new List<string>();
        var filter = FilterQuery.Parse(Query(("from", "2026-05-01"), ("to", "2026-04-01")), Choices, errors);
        Assert.Single(errors);
        Assert.Equal(new DateOnly(2025, 10, 1), filter.From);
        Assert.Equal(new DateOnly(2026, 9, 30), filter.To);
    }

    [Fact]
    public void Parse_RepeatedOrBlankValues_FirstIsUsedAndBlankMeansAll()
    {
        var errors = new List<string>();
        var filter = FilterQuery.Parse(Query(("segment", "Champions"), ("segment", "B"), ("country", " ")), Choices, errors);
        Assert.Equal("Champions", filter.Segment);
        Assert.Null(filter.Country);
        Assert.Equal(["segment is given more than once; the first is used."], errors);
    }

    [Theory]
    [InlineData("segment", "Nobody", "segment 'Nobody' is not one of the segments the filter offers; every segment is shown.")]
    [InlineData("country", "XX", "country 'XX' is not one of the countries the filter offers; every country is shown.")]
    [InlineData("channel", "carrier pigeon", "channel 'carrier pigeon' is not one of the acquisition channels the filter offers; every channel is shown.")]
    public void Parse_UnknownCustomerValue_ListsTheErrorAndKeepsEveryCustomer(string key, string value, string error)
    {
        var errors = new List<string>();
        var filter = FilterQuery.Parse(Query((key, value)), Choices, errors);
        Assert.Equal([error], errors);
        Assert.False(filter.NarrowsCustomers);
    }

    [Fact]
    public void Parse_NoChannelsRecorded_AnyChannelIsAnError()
    {
        var errors = new List<string>();
        var filter = FilterQuery.Parse(Query(("channel", "email")), Choices with { Channels = [] }, errors);
        Assert.Null(filter.Channel);
        Assert.Equal(["channel cannot be chosen: the warehouse records no acquisition channels; every customer is shown."], errors);
    }

    [Theory]
    [InlineData("from", "0001-01-01")]
    [InlineData("to", "9999-12-31")]
    public void Parse_DayOutOfRange_ListsTheErrorAndUsesTheDefault(string key, string value)
    {
        var errors = new List<string>();
        var filter = FilterQuery.Parse(Query((key, value)), Choices, errors);
        Assert.Equal([key + " must lie between 1900-01-01 and 2999-12-31."], errors);
        Assert.Equal(new DateOnly(2026, 9, 30), filter.To);
        Assert.Equal(new DateOnly(2025, 10, 1), filter.From);
    }
}
