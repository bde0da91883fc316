// Package webhooks receives LiveKit's webhooks: it checks each request's
// signature with the API key and secret (protocol's webhook package),
// decodes the event and hands it on, and refuses the rest without keeping
// anything from them: 401 for a missing or forged signature, 400 for a
// malformed body, 413 for a body over MaxBodySize, 405 for a method other
// than POST.
//
//	ln, err := webhooks.Listen("127.0.0.1:8089", false)
//	h := webhooks.NewHandler(webhooks.HandlerParams{Keys: auth.NewSimpleKeyProvider(key, secret), Emit: webhooks.JSONLines(os.Stdout)})
//	err = webhooks.Serve(ctx, ln, h) // until ctx ends, then shuts down gracefully
package webhooks
