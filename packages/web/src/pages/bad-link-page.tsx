/** What a hash the router cannot decode shows, instead of a blank page. */
export function BadLinkPage() {
  return (
    <section>
      <h1>Bad link</h1>
      <p role="alert">This link is malformed (a broken %-escape), so it leads nowhere. It may have been cut short when it was copied.</p>
      <p>
        <a href="#/">Go to the home page</a>
      </p>
    </section>
  );
}
