// Package command is the bot's command dispatcher: one set of methods
// (mute, publish, send_data, status, ...) with JSON params and results,
// reached through three doors — LiveKit RPC, data messages and a local HTTP
// API — and guarded by an allow list of caller identities.
package command

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/lkbot/lkbot/bot"
)

// Error codes a command can fail with. Each is distinct so scripts can act
// on them; README lists them with their meaning.
const (
	CodeMalformed        = "malformed_request"
	CodeUnknownMethod    = "unknown_method"
	CodeInvalidParams    = "invalid_params"
	CodeNotAuthorised    = "not_authorised"
	CodeNotPublished     = "not_published"
	CodeAlreadyPublished = "already_published"
	CodePayloadTooLarge  = "payload_too_large"
	CodeNotAllowed       = "not_allowed"
	CodeNotSupported     = "not_supported"
	CodeNotConnected     = "not_connected"
	CodeFailed           = "failed"
)

// Error is a command failure: a code and a one-line message.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

func errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// fromBot maps the bot's errors to command errors.
func fromBot(err error) *Error {
	if err == nil {
		return nil
	}
	code := CodeFailed
	switch {
	case errors.Is(err, bot.ErrNotPublished):
		code = CodeNotPublished
	case errors.Is(err, bot.ErrAlreadyPublished):
		code = CodeAlreadyPublished
	case errors.Is(err, bot.ErrDataTooLarge):
		code = CodePayloadTooLarge
	case errors.Is(err, bot.ErrNotAllowed):
		code = CodeNotAllowed
	case errors.Is(err, bot.ErrNotConnected):
		code = CodeNotConnected
	case errors.Is(err, bot.ErrUnknownSource):
		code = CodeInvalidParams
	}
	return &Error{Code: code, Message: err.Error()}
}

// HTTPStatus is the status the HTTP door answers with for a code.
func HTTPStatus(code string) int {
	switch code {
	case CodeMalformed, CodeInvalidParams:
		return http.StatusBadRequest
	case CodeUnknownMethod:
		return http.StatusNotFound
	case CodeNotAuthorised, CodeNotAllowed:
		return http.StatusForbidden
	case CodeNotPublished, CodeAlreadyPublished:
		return http.StatusConflict
	case CodePayloadTooLarge:
		return http.StatusRequestEntityTooLarge
	case CodeNotSupported:
		return http.StatusNotImplemented
	case CodeNotConnected:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// RPCCode is the LiveKit RPC error code for a command code: application
// codes below 1000, numbered like the HTTP statuses.
func RPCCode(code string) uint32 {
	return uint32(HTTPStatus(code))
}
