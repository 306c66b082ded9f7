using System.Globalization;
using Patron.Warehouse.Sources.Olist;
using static Patron.Features.Tests.Support.Exports.ExportFiles;

namespace Patron.Features.Tests.Support.Exports;

/// <summary>
/// An Olist-format shop (customers, orders, items, payments, reviews, products). Each order has its own customer_id row
/// of the person (customer_unique_id) with the address of that order, so a person who moves has rows with different
/// zip, city and state. After the cutoff: people order from new addresses, two products sell 30 times above and below
/// their usual price, orders are cancelled, earlier orders get reviews, a review id is used again, new people buy.
/// The later export lists every file's rows in shuffled order.
/// </summary>
internal static class OlistExport
{
    private const string Customers = "customer_id,customer_unique_id,customer_zip_code_prefix,customer_city,customer_state";
    private const string Orders = "order_id,customer_id,order_status,order_purchase_timestamp,order_approved_at,order_delivered_carrier_date,order_delivered_customer_date,order_estimated_delivery_date";
    private const string Items = "order_id,order_item_id,product_id,seller_id,shipping_limit_date,price,freight_value";
    private const string Payments = "order_id,payment_sequential,payment_type,payment_installments,payment_value";
    private const string Reviews = "review_id,order_id,review_score,review_comment_title,review_comment_message,review_creation_date,review_answer_timestamp";
    private const string Products = "product_id,product_category_name";
    private static readonly (string Zip, string City, string State)[] Places =
        [("01037", "sao paulo", "SP"), ("20040", "rio de janeiro", "RJ"), ("30130", "belo horizonte", "MG"), ("80010", "curitiba", "PR")];

    public static ShopExport Write(string root, int seed)
    {
        var random = new Random(seed);
        var cutoff = new DateOnly(2018, 1, 1);
        var start = new DateTime(2017, 1, 1);
        var cut = cutoff.ToDateTime(TimeOnly.MinValue);
        var end = cut.AddDays(150);
        string[] categories = ["beleza_saude", "informatica_acessorios", "esporte_lazer"];
        double[] prices = [0, 49.9, 129.0, 19.9, 79.0, 250.0];
        var products = Enumerable.Range(1, 5).Select(p => string.Create(CultureInfo.InvariantCulture, $"prod{p},{categories[p % 3]}")).ToList();
        var before = new Rows();
        var after = new Rows();
        var next = 0;
        string Id(string prefix) => prefix + (++next).ToString("D6", CultureInfo.InvariantCulture);
        var earlierOrders = new List<(string Order, DateTime At)>();

        void Order(Rows rows, string person, (string Zip, string City, string State) place, DateTime at, string status, int product, double price)
        {
            var customer = Id("cust");
            var order = Id("ord");
            rows.Customers.Add($"{customer},{person},{place.Zip},{place.City},{place.State}");
            var delivered = status == "delivered" ? Stamp(at.AddDays(random.Next(2, 20))) : "";
            rows.Orders.Add($"{order},{customer},{status},{Stamp(at)},{Stamp(at.AddHours(1))},,{delivered},{Stamp(at.AddDays(15))}");
            var items = random.Next(1, 3);
            for (var i = 1; i <= items; i++)
            {
                rows.Items.Add(string.Create(CultureInfo.InvariantCulture, $"{order},{i},prod{product},seller1,{Stamp(at.AddDays(5))},{Money(price)},{Money(9.5)}"));
            }

            rows.Payments.Add(string.Create(CultureInfo.InvariantCulture, $"{order},1,{(random.Next(2) == 0 ? "credit_card" : "boleto")},{random.Next(1, 6)},{Money(price * items)}"));
            if (at < cut)
            {
                earlierOrders.Add((order, at));
                var reviewed = at.AddDays(random.Next(3, 30));
                if (reviewed < cut && random.Next(2) == 0)
                {
                    rows.Reviews.Add($"{Id("rev")},{order},{random.Next(1, 6)},,,{Stamp(reviewed)},{Stamp(reviewed.AddDays(1))}");
                }
            }
        }

        var people = new List<string>();
        for (var p = 0; p < random.Next(5, 9); p++)
        {
            var person = Id("person");
            people.Add(person);
            var home = Places[random.Next(Places.Length)];
            for (var o = random.Next(1, 5); o > 0; o--)
            {
                // Now and then a person orders from another address before the cutoff too.
                var place = random.Next(4) == 0 ? Places[random.Next(Places.Length)] : home;
                var product = random.Next(1, 6);
                Order(before, person, place, Between(random, start, cut.AddDays(-1)), random.Next(8) == 0 ? "canceled" : "delivered", product,
                    Natural(random, prices[product]));
            }
        }

        // After the cutoff: new addresses, far prices both ways, cancellations, new people.
        foreach (var person in people)
        {
            Order(after, person, Places[random.Next(Places.Length)], Between(random, cut, end), "delivered", 3, Natural(random, prices[3]));
        }

        for (var i = 0; i < 12; i++)
        {
            Order(after, people[random.Next(people.Count)], Places[0], Between(random, cut, end), "delivered", 1, Natural(random, prices[1] * 30));
            Order(after, people[random.Next(people.Count)], Places[1], Between(random, cut, end), "delivered", 2, Natural(random, prices[2] / 30));
        }

        Order(after, people[0], Places[2], Between(random, cut, end), "canceled", 4, prices[4]);
        Order(after, Id("person"), Places[3], Between(random, cut, end), "delivered", 5, prices[5]);

        // Reviews written after the cutoff about earlier orders; one earlier review id given again to a later review.
        foreach (var (order, _) in earlierOrders.Where((_, i) => i % 2 == 0))
        {
            var at = Between(random, cut, end);
            after.Reviews.Add($"{Id("rev")},{order},{random.Next(1, 6)},,,{Stamp(at)},{Stamp(at.AddDays(1))}");
        }

        if (before.Reviews.Count > 0)
        {
            var first = before.Reviews[0].Split(',');
            var at = Between(random, cut, end);
            after.Reviews.Add($"{first[0]},{first[1]},{(first[2] == "1" ? 5 : 1)},,,{Stamp(at)},{Stamp(at.AddDays(1))}");
        }

        var cutFolder = Path.Combine(root, "before");
        before.Write(cutFolder, products, null);
        var whole = Path.Combine(root, "whole");
        before.Concat(after).Write(whole, products, random);
        return new ShopExport(new OlistSource(), cutoff, [cutFolder], [whole]);
    }

    private sealed class Rows
    {
        public List<string> Customers { get; } = [];

        public List<string> Orders { get; } = [];

        public List<string> Items { get; } = [];

        public List<string> Payments { get; } = [];

        public List<string> Reviews { get; } = [];

        public Rows Concat(Rows other)
        {
            var rows = new Rows();
            rows.Customers.AddRange(Customers.Concat(other.Customers));
            rows.Orders.AddRange(Orders.Concat(other.Orders));
            rows.Items.AddRange(Items.Concat(other.Items));
            rows.Payments.AddRange(Payments.Concat(other.Payments));
            rows.Reviews.AddRange(Reviews.Concat(other.Reviews));
            return rows;
        }

        public void Write(string folder, List<string> products, Random? shuffle)
        {
            IEnumerable<string> Order(List<string> rows) => shuffle is null ? rows : Shuffled(rows, shuffle);
            ExportFiles.Write(folder, "olist_customers_dataset.csv", OlistExport.Customers, Order(Customers));
            ExportFiles.Write(folder, "olist_orders_dataset.csv", OlistExport.Orders, Order(Orders));
            ExportFiles.Write(folder, "olist_order_items_dataset.csv", OlistExport.Items, Order(Items));
            ExportFiles.Write(folder, "olist_order_payments_dataset.csv", OlistExport.Payments, Order(Payments));
            ExportFiles.Write(folder, "olist_order_reviews_dataset.csv", OlistExport.Reviews, Order(Reviews));
            ExportFiles.Write(folder, "olist_products_dataset.csv", OlistExport.Products, products);
        }
    }
}
