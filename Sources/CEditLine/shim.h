// Non-variadic wrappers around libedit's el_set/el_get/history, which Swift cannot call.
#ifndef ASSESS_CEDITLINE_SHIM_H
#define ASSESS_CEDITLINE_SHIM_H

#include <stdio.h>
#include <histedit.h>

typedef char *(*assess_prompt_fn)(EditLine *);
typedef unsigned char (*assess_key_fn)(EditLine *, int);

static inline int assess_el_set_prompt(EditLine *el, assess_prompt_fn fn) {
    return el_set(el, EL_PROMPT, fn);
}
static inline int assess_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}
static inline int assess_el_set_signal(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}
static inline int assess_el_set_history(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}
static inline int assess_el_add_function(EditLine *el, const char *name, const char *help, assess_key_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
static inline int assess_el_bind(EditLine *el, const char *key, const char *function) {
    return el_set(el, EL_BIND, key, function, NULL);
}
/// Turns a tty flag on or off in edit mode, e.g. ("-isig") so Ctrl-C arrives as a key.
static inline int assess_el_setty_edit(EditLine *el, const char *flag) {
    return el_set(el, EL_SETTY, "-d", flag, NULL);
}
typedef int (*assess_getc_fn)(EditLine *, wchar_t *);
/// Replaces libedit's character reader (a linked terminal also watches its host).
static inline int assess_el_set_getcfn(EditLine *el, assess_getc_fn fn) {
    return el_set(el, EL_GETCFN, fn);
}
static inline int assess_el_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}
static inline void *assess_el_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}

static inline History *assess_history_open(int size) {
    HistEvent ev;
    History *h = history_init();
    if (h == NULL) return NULL;
    history(h, &ev, H_SETSIZE, size);
    history(h, &ev, H_SETUNIQUE, 1);
    return h;
}
static inline int assess_history_enter(History *h, const char *line) {
    HistEvent ev;
    return history(h, &ev, H_ENTER, line);
}
static inline int assess_history_load(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_LOAD, path);
}
static inline int assess_history_save(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_SAVE, path);
}
/* The oldest entry (H_LAST), then each newer one (H_PREV); NULL past the newest. */
static inline const char *assess_history_oldest(History *h) {
    HistEvent ev;
    return history(h, &ev, H_LAST) == -1 ? NULL : ev.str;
}
static inline const char *assess_history_newer(History *h) {
    HistEvent ev;
    return history(h, &ev, H_PREV) == -1 ? NULL : ev.str;
}
static inline void assess_history_clear(History *h) {
    HistEvent ev;
    history(h, &ev, H_CLEAR);
}

#endif
