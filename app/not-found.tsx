// Any address Herald does not have (outside the signed-in console): "Page not found", translated.
import { NotFoundView } from "@/components/errors/not-found-view";

export default function NotFound() {
  return <NotFoundView fullScreen />;
}
