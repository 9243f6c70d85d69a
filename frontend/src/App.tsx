export function App() {
  return (
    <main>
      <h1>Wargame</h1>
    </main>
  );
}
