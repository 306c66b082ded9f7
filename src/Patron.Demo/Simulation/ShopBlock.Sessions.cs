using Patron.Demo.Output;
using Patron.Demo.Randomness;

namespace Patron.Demo.Simulation;

internal sealed partial class ShopBlock
{
    /// <summary>Mean visits between sign-up and the first order (Poisson): few first orders come out of the blue.</summary>
    public const double ResearchVisits = 1.2;
    /// <summary>Shape of g in β = k · √(λ · mean λ) · g: below one, so a few customers browse far more than they buy.</summary>
    private const double BrowseShape = 0.6;

    /// <summary>Median length of a visit that ends in an order, in seconds (lognormal).</summary>
    private const double PurchaseDurationMedian = 420.0;

    private const double PurchaseDurationSigma = 0.75;

    /// <summary>Median length of a visit without an order that is not a bounce (lognormal).</summary>
    private const double BrowseDurationMedian = 220.0;

    private const double BrowseDurationSigma = 0.9;

    /// <summary>Spread of a customer's own dwell level in log seconds: some customers are slow readers in every session.</summary>
    private const double DwellSigma = 0.3;

    /// <summary>Median pages per minute of a session (lognormal per session).</summary>
    private const double PagesPerMinute = 0.8;

    private const double PageRateSigma = 0.45;

    private const double BounceSeconds = 25.0;

    private const double BrowseBounceShare = 0.2;

    /// <summary>Faded and anonymous visits bounce more: they are less often about anything in particular.</summary>
    private const double CasualBounceShare = 0.35;

    private const double ProductShare = 0.9;

    private const double BounceProductShare = 0.5;

    /// <summary>Share of a customer's product views in their favourite categories.</summary>
    private const double FavouriteViewShare = 0.7;

    private const int MaxDurationSeconds = 4 * 3600;

    private const int MaxPageViews = 999;

    /// <summary>
    /// Adds the customer's browse exposure within the history, √(λ · mean λ) × (days alive + expected fading days):
    /// browse sessions in sessions.csv per unit of <see cref="ShopContext.BrowseScale"/>, which a pilot run sums.
    /// </summary>
    private void AddBrowseExposure(double lambda, double registration, double dropoutAt)
    {
        var context = _context;
        var history = (double)context.HistoryDays;
        var dropped = dropoutAt < history;
        var alive = Math.Max(0.0, (dropped ? dropoutAt : history) - registration);
        var fading = 0.0;
        if (dropped)
        {
            var tau = context.Options.AfterDropoutDays;
            fading = tau * (1.0 - Math.Exp(-(history - dropoutAt) / tau));
        }

        SessionTally.BrowseExposure += Math.Sqrt(lambda * context.MeanPurchaseRate) * (alive + fading);
    }

    /// <summary>Every customer's sessions in time order, then the block's anonymous sessions in time order.</summary>
    private void SimulateSessions(ref Xoshiro256StarStar rng)
    {
        for (var local = 0; local < CustomerCount; local++)
        {
            _customerSessions.Clear();
            var purchases = SimulateCustomerSessions(ref rng, local);
            RouteSessions(purchases);
        }

        _customerSessions.Clear();
        SimulateAnonymousSessions(ref rng);
        RouteSessions(0);
    }

    /// <summary>
    /// One session per order, starting a few minutes before it; Poisson(<see cref="ResearchVisits"/>) visits between
    /// sign-up and the first order; browse visits at rate β while alive (thinned by the flattened calendar); after
    /// drop-out, visits fading with mean <see cref="DemoShopOptions.AfterDropoutDays"/>. Returns the number of purchase
    /// sessions, which come first in the collected rows; each part is nearly in time order.
    /// </summary>
    private int SimulateCustomerSessions(ref Xoshiro256StarStar rng, int local)
    {
        var context = _context;
        var customer = FirstCustomer + local;
        var dwell = DwellSigma * Sampling.StandardNormal(ref rng);
        var browseRate = context.BrowseScale * Math.Sqrt(_lambda[local] * context.MeanPurchaseRate)
                         * Sampling.Gamma(ref rng, BrowseShape, 1.0 / BrowseShape);
        AddPurchaseSessions(ref rng, _base, _baseStart[local], _baseEnd[local], customer + 1, dwell, inHistory: true);
        AddPurchaseSessions(ref rng, _future, _futureStart[local], _futureEnd[local], customer + 1, dwell, inHistory: false);
        var purchases = _customerSessions.Count;

        var registration = context.RegistrationOffsets[customer];
        var first = _firstPurchase[local];
        if (first < context.HorizonDays && first > registration)
        {
            var research = Sampling.Poisson(ref rng, ResearchVisits);
            for (var i = 0; i < research; i++)
            {
                AddVisit(ref rng, BrowseTime(ref rng, registration, first), local, dwell, VisitReason.Browse, BrowseBounceShare);
            }
        }

        var seasonality = context.Seasonality;
        var dropoutAt = _dropoutAt[local];
        var dropped = !double.IsNaN(dropoutAt);
        var aliveEnd = dropped ? dropoutAt : context.HorizonDays;
        if (browseRate > 0.0)
        {
            var candidateRate = browseRate / seasonality.BrowseMeanDayAcceptance;
            var t = registration;
            while (true)
            {
                t += Sampling.Exponential(ref rng, candidateRate);
                if (!(t < aliveEnd))
                {
                    break;
                }

                if (rng.NextDouble() < seasonality.BrowseDayAcceptance(t))
                {
                    AddVisit(ref rng, AtBrowseHour(ref rng, t, registration, aliveEnd), local, dwell, VisitReason.Browse, BrowseBounceShare);
                }
            }
        }

        if (!dropped)
        {
            return purchases;
        }

        var tau = context.Options.AfterDropoutDays;
        var fading = Sampling.Poisson(ref rng, browseRate * tau);
        for (var i = 0; i < fading; i++)
        {
            // Rejection against the flattened calendar keeps faded visits at plausible hours.
            double t;
            var attempts = 0;
            do
            {
                t = dropoutAt + Sampling.Exponential(ref rng, 1.0 / tau);
            }
            while (t < context.HorizonDays && rng.NextDouble() >= seasonality.BrowseDayAcceptance(t) && ++attempts < 32);

            if (t < context.HorizonDays)
            {
                AddVisit(ref rng, AtBrowseHour(ref rng, t, dropoutAt, context.HorizonDays), local, dwell, VisitReason.AfterDropout, CasualBounceShare);
            }
        }

        return purchases;
    }

    /// <summary>A session per purchase of rows[start, end) (time-ordered); several purchases at one second are one order.</summary>
    private void AddPurchaseSessions(ref Xoshiro256StarStar rng, RowList rows, int start, int end, int customerNumber, double dwell, bool inHistory)
    {
        var previous = long.MinValue;
        for (var i = start; i < end; i++)
        {
            ref var purchase = ref rows[i];
            if (purchase.Kind != RowKind.Purchase || purchase.Timestamp == previous)
            {
                continue;
            }

            previous = purchase.Timestamp;
            ref var row = ref _customerSessions.Add();
            DrawVisit(ref rng, ref row, PurchaseDurationMedian, dwell, PurchaseDurationSigma, 30);

            // The order is placed in the second half of the visit, never at its first second.
            var lead = Math.Max(1L, (long)(row.DurationSeconds * (0.5 + 0.45 * rng.NextDouble())));
            row.Started = purchase.Timestamp - lead;
            row.CustomerNumber = customerNumber;
            row.ProductNumber = purchase.ProductNumber;
            row.Reason = VisitReason.Purchase;
            row.InHistory = inHistory;
        }
    }

    private void AddVisit(ref Xoshiro256StarStar rng, double time, int local, double dwell, VisitReason reason, double bounceShare)
    {
        var context = _context;
        ref var row = ref _customerSessions.Add();
        row.Started = context.FirstSecond + (long)(time * 86_400.0);
        row.CustomerNumber = local < 0 ? 0 : FirstCustomer + local + 1;
        row.Reason = reason;
        row.InHistory = time < context.HistoryDays;
        var bounce = rng.NextDouble() < bounceShare;
        if (bounce)
        {
            row.DurationSeconds = 1 + (int)Sampling.Exponential(ref rng, 1.0 / BounceSeconds);
            row.PageViews = 1;
        }
        else
        {
            DrawVisit(ref rng, ref row, BrowseDurationMedian, dwell, BrowseDurationSigma, 2);
        }

        if (rng.NextDouble() < (bounce ? BounceProductShare : ProductShare))
        {
            row.ProductNumber = ViewedProduct(ref rng, local) + 1;
        }
    }

    /// <summary>
    /// Anonymous visitors: Poisson(share × sessions per order × the block's orders) visits in the history and likewise
    /// in the future window, each spread over its period by the flattened calendar; never a purchase.
    /// </summary>
    private void SimulateAnonymousSessions(ref Xoshiro256StarStar rng)
    {
        var context = _context;
        var options = context.Options;
        var perOrder = options.AnonymousSessionShare * options.SessionsPerOrder;
        AddAnonymous(ref rng, perOrder * SessionTally.Orders, 0, context.HistoryDays);
        AddAnonymous(ref rng, perOrder * SessionTally.FutureOrders, context.HistoryDays, context.HorizonDays);
    }

    /// <summary>
    /// A Poisson process over days [from, to) with <paramref name="mean"/> visits in all, thinned by day: the visits
    /// come out nearly in time order (only the hour within a day is drawn afterwards), so sorting them is cheap.
    /// </summary>
    private void AddAnonymous(ref Xoshiro256StarStar rng, double mean, int from, int to)
    {
        if (!(to > from) || !(mean > 0.0))
        {
            return;
        }

        var seasonality = _context.Seasonality;
        var candidateRate = mean / (to - from) / seasonality.BrowseDayAcceptanceMean(from, to);
        var t = (double)from;
        while (true)
        {
            t += Sampling.Exponential(ref rng, candidateRate);
            if (!(t < to))
            {
                break;
            }

            if (rng.NextDouble() < seasonality.BrowseDayAcceptance(t))
            {
                AddVisit(ref rng, AtBrowseHour(ref rng, t, from, to), -1, 0.0, VisitReason.Anonymous, CasualBounceShare);
            }
        }
    }

    /// <summary>A time in [from, to) drawn by the flattened calendar (rejection by day; after 32 misses the last draw stands).</summary>
    private double BrowseTime(ref Xoshiro256StarStar rng, double from, double to)
    {
        var seasonality = _context.Seasonality;
        double t;
        var attempts = 0;
        do
        {
            // Rounding must never reach the end of the period (past the last day of the calendar).
            t = Math.Min(from + rng.NextDouble() * (to - from), Math.BitDecrement(to));
        }
        while (rng.NextDouble() >= seasonality.BrowseDayAcceptance(t) && ++attempts < 32);

        return AtBrowseHour(ref rng, t, from, to);
    }

    /// <summary>
    /// The day of <paramref name="t"/> at a time of day drawn from the flattened hourly weights; <paramref name="t"/>
    /// itself where that would leave [from, to), on the partial first and last days of a period.
    /// </summary>
    private double AtBrowseHour(ref Xoshiro256StarStar rng, double t, double from, double to)
    {
        var visit = Math.Floor(t) + _context.Seasonality.BrowseTimeOfDay(ref rng);
        return visit >= from && visit < to ? visit : t;
    }

    /// <summary>A product from the customer's favourite categories or, else and for anonymous visitors, by popularity.</summary>
    private int ViewedProduct(ref Xoshiro256StarStar rng, int local)
    {
        var catalog = _context.Catalog;
        int category;
        if (local >= 0 && rng.NextDouble() < FavouriteViewShare)
        {
            category = _favourites[local * FavouriteSlots + rng.NextInt(_favouriteCount[local])];
        }
        else
        {
            category = Sampling.FromCumulative(ref rng, catalog.CategoryPopularityCumulative);
        }

        return catalog.PickInCategory(ref rng, category);
    }

    /// <summary>
    /// A lognormal duration and the pages seen in it: the landing page plus Poisson(minutes × rate) more, the rate
    /// lognormal per session. One Box–Muller pair gives both normals.
    /// </summary>
    private static void DrawVisit(ref Xoshiro256StarStar rng, ref SessionRow row, double median, double dwell, double sigma, int minimum)
    {
        var (durationNormal, rateNormal) = Sampling.StandardNormalPair(ref rng);
        var seconds = Math.Exp(Math.Log(median) + dwell + sigma * durationNormal);
        var duration = (int)Math.Clamp(Math.Round(seconds), minimum, MaxDurationSeconds);
        var rate = PagesPerMinute * Math.Exp(PageRateSigma * rateNormal);
        var more = Sampling.Poisson(ref rng, Math.Min(duration / 60.0 * rate, MaxPageViews));
        row.DurationSeconds = duration;
        row.PageViews = (short)Math.Min(1 + more, MaxPageViews);
    }

    /// <summary>
    /// Sorts the collected sessions by start and appends them to the history or the future list: the first
    /// <paramref name="split"/> rows (purchase sessions) and the rest (visits) are each nearly sorted, so each is
    /// insertion-sorted on its own and the two runs are merged (a purchase session first on equal starts).
    /// </summary>
    private void RouteSessions(int split)
    {
        var collected = _customerSessions.AsSpan();
        var purchases = collected[..split];
        var visits = collected[split..];
        SortByStart(purchases);
        SortByStart(visits);
        var tally = SessionTally;
        int i = 0, j = 0;
        while (i < purchases.Length || j < visits.Length)
        {
            ref var row = ref j >= visits.Length || (i < purchases.Length && purchases[i].Started <= visits[j].Started)
                ? ref purchases[i++]
                : ref visits[j++];
            if (row.InHistory)
            {
                _sessions.Add() = row;
                tally.History[(int)row.Reason]++;
            }
            else
            {
                _futureSessions.Add() = row;
                tally.Future[(int)row.Reason]++;
            }
        }
    }

    /// <summary>sessions.csv and truth/future_sessions.csv rows, now that the block's first session ids are known.</summary>
    public void FormatSessions(long firstId, long firstFutureId)
    {
        for (var i = 0; i < _sessions.Count; i++)
        {
            AppendSession(Sessions, ref _sessions[i], firstId + i);
        }

        for (var i = 0; i < _futureSessions.Count; i++)
        {
            AppendSession(FutureSessions, ref _futureSessions[i], firstFutureId + i);
        }
    }

    private static void AppendSession(ByteBuffer buffer, ref SessionRow row, long id)
    {
        buffer.AppendId((byte)'S', id, 10);
        buffer.Append((byte)',');
        if (row.CustomerNumber > 0)
        {
            buffer.AppendId((byte)'C', row.CustomerNumber, 7);
        }

        buffer.Append((byte)',');
        buffer.AppendTimestamp(row.Started);
        buffer.Append((byte)',');
        buffer.AppendInteger(row.DurationSeconds);
        buffer.Append((byte)',');
        buffer.AppendInteger(row.PageViews);
        buffer.Append((byte)',');
        if (row.ProductNumber > 0)
        {
            buffer.AppendId((byte)'P', row.ProductNumber, 5);
        }

        buffer.Append(row.Reason == VisitReason.Purchase ? ",1\n"u8 : ",0\n"u8);
    }

    /// <summary>
    /// Stable insertion sort by start, for rows that are nearly in order already: the work is the number of
    /// out-of-order pairs, and no comparison delegate is called.
    /// </summary>
    private static void SortByStart(Span<SessionRow> rows)
    {
        for (var i = 1; i < rows.Length; i++)
        {
            if (rows[i - 1].Started <= rows[i].Started)
            {
                continue;
            }

            var row = rows[i];
            var k = i - 1;
            while (k >= 0 && rows[k].Started > row.Started)
            {
                rows[k + 1] = rows[k];
                k--;
            }

            rows[k + 1] = row;
        }
    }
}
