namespace AspNetCore.WeChatSecurity.LoadTests.Driver;

/// <summary>Writes the figures as Markdown, so that the README can show a run as it was printed.</summary>
internal static class Report
{
    public static void Heading(string title)
    {
        Console.WriteLine();
        Console.WriteLine($"### {title}");
        Console.WriteLine();
    }

    public static void Line(string text = "") => Console.WriteLine(text);
}
